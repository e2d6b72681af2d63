package io.taskcast.kafka.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which kind of destination an address is, range edges included. Every address here is an IP
 * literal, which the JDK parses without any DNS lookup.
 */
class AddressClassifierTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "8.8.8.8, PUBLIC",
            "1.1.1.1, PUBLIC",
            "11.0.0.1, PUBLIC",
            "9.255.255.255, PUBLIC",
            "172.15.255.255, PUBLIC",
            "172.32.0.0, PUBLIC",
            "192.167.255.255, PUBLIC",
            "192.169.0.0, PUBLIC",
            "100.63.255.255, PUBLIC",
            "100.128.0.0, PUBLIC",
            "169.253.255.255, PUBLIC",
            "169.255.0.0, PUBLIC",
            "223.255.255.255, PUBLIC",
            "126.255.255.255, PUBLIC",
            "128.0.0.0, PUBLIC",
            "1.0.0.0, PUBLIC",
            "0.0.0.0, UNSPECIFIED",
            "0.255.255.255, UNSPECIFIED",
            "127.0.0.1, LOOPBACK",
            "127.255.255.254, LOOPBACK",
            "10.0.0.0, PRIVATE",
            "10.255.255.255, PRIVATE",
            "172.16.0.0, PRIVATE",
            "172.31.255.255, PRIVATE",
            "192.168.0.1, PRIVATE",
            "192.168.255.255, PRIVATE",
            "169.254.0.1, LINK_LOCAL",
            "169.254.255.255, LINK_LOCAL",
            "169.254.169.254, METADATA",
            "169.254.170.2, METADATA",
            "169.254.170.23, METADATA",
            "100.100.100.200, METADATA",
            "100.64.0.0, SHARED",
            "100.127.255.255, SHARED",
            "224.0.0.1, MULTICAST",
            "239.255.255.255, MULTICAST",
            "240.0.0.1, RESERVED",
            "255.255.255.255, RESERVED",
    })
    void shouldClassifyIpv4Addresses(String address, AddressKind expected) throws UnknownHostException {
        assertThat(AddressClassifier.classify(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2606:4700:4700::1111, PUBLIC",
            "2001:db8::1, PUBLIC",
            "fbff:ffff::1, PUBLIC",
            "fe7f::1, PUBLIC",
            "::, UNSPECIFIED",
            "::1, LOOPBACK",
            "fc00::1, PRIVATE",
            "fdff:ffff::1, PRIVATE",
            "fd00:ec2::253, PRIVATE",
            "fd00:ec2::254, METADATA",
            "fd00:ec2::23, METADATA",
            "fec0::1, PRIVATE",
            "fe80::1, LINK_LOCAL",
            "febf:ffff::1, LINK_LOCAL",
            "ff02::1, MULTICAST",
            "64:ff9b:1::a00:1, PRIVATE",
            // IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d and 6to4 2002:aabb:ccdd:: carry IPv4.
            "::7f00:1, LOOPBACK",
            "::a9fe:a9fe, METADATA",
            "::2, UNSPECIFIED",
            "64:ff9b::7f00:1, LOOPBACK",
            "64:ff9b::a9fe:a9fe, METADATA",
            "64:ff9b::808:808, PUBLIC",
            "2002:a00:1::1, PRIVATE",
            "2002:808:808::1, PUBLIC",
    })
    void shouldClassifyIpv6Addresses(String address, AddressKind expected) throws UnknownHostException {
        InetAddress parsed = InetAddress.getByName(address);

        assertThat(parsed).isInstanceOf(Inet6Address.class);
        assertThat(AddressClassifier.classify(parsed)).isEqualTo(expected);
    }

    /**
     * The JDK turns a parsed {@code ::ffff:a.b.c.d} into an IPv4 address, but a resolver may hand
     * over the 16-byte form; both must be judged by the IPv4 address inside.
     */
    @ParameterizedTest(name = "::ffff:{0} -> {1}")
    @CsvSource({
            "127.0.0.1, LOOPBACK",
            "10.1.2.3, PRIVATE",
            "169.254.169.254, METADATA",
            "100.64.0.1, SHARED",
            "0.0.0.0, UNSPECIFIED",
            "8.8.8.8, PUBLIC",
    })
    void shouldJudgeIpv4MappedAddressesByTheirIpv4Part(String ipv4, AddressKind expected) throws UnknownHostException {
        byte[] v4 = InetAddress.getByName(ipv4).getAddress();
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(v4, 0, mapped, 12, 4);
        InetAddress sixteenBytes = Inet6Address.getByAddress(null, mapped, -1);
        InetAddress parsed = InetAddress.getByName("::ffff:" + ipv4);

        assertThat(sixteenBytes).isInstanceOf(Inet6Address.class);
        assertThat(parsed).isInstanceOf(Inet4Address.class);
        assertThat(AddressClassifier.classify(sixteenBytes)).isEqualTo(expected);
        assertThat(AddressClassifier.classify(parsed)).isEqualTo(expected);
    }
}
