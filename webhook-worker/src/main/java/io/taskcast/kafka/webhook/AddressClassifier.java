package io.taskcast.kafka.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Sorts an IP address into an {@link AddressKind} by its bytes, never by its text, so odd spellings
 * ({@code 127.1}, {@code 2130706433}, {@code ::ffff:7f00:1}) cannot slip through. IPv6 forms that
 * carry an IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d},
 * NAT64 {@code 64:ff9b::a.b.c.d}, 6to4 {@code 2002:aabb:ccdd::}) are judged by that IPv4 address.
 */
final class AddressClassifier {

    private record Range(byte[] prefix, int bits, AddressKind kind) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit += 8) {
                int mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
                if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** First match wins: the metadata hosts come before the wider ranges that hold them. */
    private static final List<Range> RANGES = List.of(
            range("169.254.169.254/32", AddressKind.METADATA),
            range("169.254.170.2/32", AddressKind.METADATA),
            range("169.254.170.23/32", AddressKind.METADATA),
            range("100.100.100.200/32", AddressKind.METADATA),
            range("fd00:ec2::254/128", AddressKind.METADATA),
            range("fd00:ec2::23/128", AddressKind.METADATA),
            range("0.0.0.0/8", AddressKind.UNSPECIFIED),
            range("127.0.0.0/8", AddressKind.LOOPBACK),
            range("10.0.0.0/8", AddressKind.PRIVATE),
            range("172.16.0.0/12", AddressKind.PRIVATE),
            range("192.168.0.0/16", AddressKind.PRIVATE),
            range("169.254.0.0/16", AddressKind.LINK_LOCAL),
            range("100.64.0.0/10", AddressKind.SHARED),
            range("224.0.0.0/4", AddressKind.MULTICAST),
            range("240.0.0.0/4", AddressKind.RESERVED),
            range("::/128", AddressKind.UNSPECIFIED),
            range("::1/128", AddressKind.LOOPBACK),
            range("64:ff9b:1::/48", AddressKind.PRIVATE),
            range("fc00::/7", AddressKind.PRIVATE),
            range("fec0::/10", AddressKind.PRIVATE),
            range("fe80::/10", AddressKind.LINK_LOCAL),
            range("ff00::/8", AddressKind.MULTICAST));

    private static final byte[] NAT64_PREFIX = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    private AddressClassifier() {
    }

    static AddressKind classify(InetAddress address) {
        byte[] bytes = address.getAddress();
        byte[] embedded = bytes.length == 16 ? embeddedIpv4(bytes) : null;
        byte[] judged = embedded != null ? embedded : bytes;
        return RANGES.stream().filter(r -> r.contains(judged)).map(Range::kind).findFirst().orElse(AddressKind.PUBLIC);
    }

    /** The IPv4 address an IPv6 address carries, or null. {@code ::} and {@code ::1} carry none. */
    private static byte[] embeddedIpv4(byte[] v6) {
        boolean zeroFirst10 = isZero(v6, 0, 10);
        if (zeroFirst10 && v6[10] == (byte) 0xff && v6[11] == (byte) 0xff) {
            return Arrays.copyOfRange(v6, 12, 16);
        }
        boolean unspecifiedOrLoopback = isZero(v6, 12, 15) && (v6[15] == 0 || v6[15] == 1);
        if (zeroFirst10 && v6[10] == 0 && v6[11] == 0 && !unspecifiedOrLoopback) {
            return Arrays.copyOfRange(v6, 12, 16);
        }
        if (Arrays.equals(v6, 0, 12, NAT64_PREFIX, 0, 12)) {
            return Arrays.copyOfRange(v6, 12, 16);
        }
        if (v6[0] == 0x20 && v6[1] == 0x02) {
            return Arrays.copyOfRange(v6, 2, 6);
        }
        return null;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Range range(String cidr, AddressKind kind) {
        int slash = cidr.indexOf('/');
        try {
            // Literals only: getByName parses them without any DNS lookup.
            byte[] prefix = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            return new Range(prefix, Integer.parseInt(cidr.substring(slash + 1)), kind);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("bad built-in range " + cidr, e);
        }
    }
}
