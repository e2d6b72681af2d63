package io.taskcast.kafka.webhook;

/**
 * What kind of destination an IP address is, as far as calling a user-supplied webhook URL is
 * concerned. {@link SsrfGuard} decides which kinds a deployment lets through.
 */
enum AddressKind {
    /** Anything not listed below: an ordinary internet address. */
    PUBLIC("public"),
    /** 127.0.0.0/8, ::1. */
    LOOPBACK("loopback"),
    /** 10/8, 172.16/12, 192.168/16, fc00::/7 (unique local), fec0::/10 (old site-local), 64:ff9b:1::/48. */
    PRIVATE("private"),
    /** 169.254/16, fe80::/10. */
    LINK_LOCAL("link-local"),
    /** 100.64/10, the carrier-grade NAT range (also used by overlay VPNs such as Tailscale). */
    SHARED("shared (carrier-grade NAT)"),
    /** Cloud instance metadata and credential endpoints, e.g. 169.254.169.254, fd00:ec2::254. */
    METADATA("cloud metadata"),
    /** 0.0.0.0/8 and ::; on Linux, connecting to 0.0.0.0 reaches the local host. */
    UNSPECIFIED("unspecified"),
    /** 224/4, ff00::/8. */
    MULTICAST("multicast"),
    /** 240/4 including the broadcast address 255.255.255.255. */
    RESERVED("reserved");

    private final String description;

    AddressKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
