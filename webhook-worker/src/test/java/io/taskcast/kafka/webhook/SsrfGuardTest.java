package io.taskcast.kafka.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SSRF policy: which resolved addresses a webhook may reach, and what the refusal says. No DNS: names resolve from a table. */
class SsrfGuardTest {

    private final List<String> lookedUp = new ArrayList<>();
    private final SsrfGuard.Resolver table = host -> {
        lookedUp.add(host);
        Map<String, List<String>> names = Map.of(
                "hooks.example.com", List.of("93.184.216.34", "2606:2800:220:1::1"),
                "split.example.com", List.of("93.184.216.34", "10.0.0.5"),
                "internal.example.com", List.of("10.0.0.5"),
                "localhost", List.of("127.0.0.1", "::1"),
                "metadata.example.com", List.of("169.254.169.254"),
                "empty.example.com", List.of());
        List<String> literals = names.get(host);
        if (literals == null) {
            return List.of(InetAddress.getByName(host)); // IP literals only: no DNS
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (String literal : literals) {
            addresses.add(InetAddress.getByAddress(host, InetAddress.getByName(literal).getAddress()));
        }
        return addresses;
    };

    @Test
    void shouldAllowAHostWhoseAddressesAreAllPublic() {
        SsrfGuard.Verdict verdict = guard(false, false).check(URI.create("https://hooks.example.com/t"));

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.reason()).isNull();
        assertThat(verdict.addresses()).extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.216.34", "2606:2800:220:1:0:0:0:1");
    }

    @Test
    void shouldRefuseWhenAnyResolvedAddressIsRefused() {
        SsrfGuard.Verdict verdict = guard(false, false).check(URI.create("https://split.example.com/t"));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reason()).isEqualTo("webhook target split.example.com (10.0.0.5) is a private address; "
                + "refused (set taskcast.webhooks.allow-private-targets=true to allow it)");
        assertThat(verdict.addresses()).hasSize(2);
    }

    @Test
    void shouldRefuseLoopbackUnlessLoopbackIsAllowed() {
        URI url = URI.create("http://localhost:8080/hook");

        assertThat(guard(false, true).check(url).reason()).isEqualTo("webhook target localhost (127.0.0.1) is a "
                + "loopback address; refused (set taskcast.webhooks.allow-loopback-targets=true to allow it)");
        assertThat(guard(true, false).check(url).allowed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.10.10", "100.64.1.1", "[fd12::1]", "[fe80::1]"})
    void shouldRefuseInternalAddressesUnlessPrivateTargetsAreAllowed(String host) {
        URI url = URI.create("http://" + host + "/hook");

        assertThat(guard(true, false).check(url).reason())
                .endsWith("refused (set taskcast.webhooks.allow-private-targets=true to allow it)");
        assertThat(guard(false, true).check(url).allowed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "100.100.100.200", "[fd00:ec2::254]", "0.0.0.0", "[::]",
            "224.0.0.1", "255.255.255.255", "[ff02::1]", "metadata.example.com"})
    void shouldAlwaysRefuseMetadataUnspecifiedMulticastAndReservedAddresses(String host) {
        SsrfGuard.Verdict verdict = guard(true, true).check(URI.create("http://" + host + "/latest/meta-data/"));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reason()).endsWith("address; always refused");
    }

    @Test
    void shouldSayPlainlyWhyAMetadataAddressIsRefused() {
        assertThat(guard(true, true).check(URI.create("http://169.254.169.254/latest")).reason())
                .isEqualTo("webhook target 169.254.169.254 is a cloud metadata address; always refused");
        assertThat(guard(false, false).check(URI.create("http://metadata.example.com/")).reason())
                .isEqualTo("webhook target metadata.example.com (169.254.169.254) is a cloud metadata address; always refused");
    }

    @Test
    void shouldRefuseAnIpv4MappedLoopbackLiteral() {
        SsrfGuard.Verdict verdict = guard(false, false).check(URI.create("http://[::ffff:127.0.0.1]/"));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reason()).contains("loopback");
    }

    @Test
    void shouldKeepTheLoopbackAndPrivateFlagsApart() {
        URI loopback = URI.create("http://127.0.0.1/");
        URI internal = URI.create("http://internal.example.com/");

        assertThat(guard(true, false).check(internal).allowed()).isFalse();
        assertThat(guard(false, true).check(loopback).allowed()).isFalse();
        assertThat(guard(true, true).check(loopback).allowed()).isTrue();
        assertThat(guard(true, true).check(internal).allowed()).isTrue();
    }

    @Test
    void shouldPassAnIpv6LiteralToTheResolverWithoutBrackets() {
        guard(true, false).check(URI.create("http://[::1]:9000/"));

        assertThat(lookedUp).containsExactly("::1");
    }

    @Test
    void shouldRefuseAHostThatDoesNotResolve() {
        SsrfGuard guard = new SsrfGuard(true, true, host -> {
            throw new UnknownHostException(host + ": Name or service not known");
        });

        SsrfGuard.Verdict verdict = guard.check(URI.create("https://nowhere.invalid/"));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reason()).isEqualTo(
                "webhook target host nowhere.invalid cannot be resolved (nowhere.invalid: Name or service not known)");
        assertThat(verdict.addresses()).isEmpty();
    }

    @Test
    void shouldRefuseAHostThatResolvesToNothingOrAUrlWithoutHost() {
        assertThat(guard(true, true).check(URI.create("https://empty.example.com/")).reason())
                .isEqualTo("webhook target host empty.example.com resolved to no address");
        assertThat(guard(true, true).check(URI.create("http:opaque")).reason())
                .isEqualTo("webhook target http:opaque has no host; refused");
    }

    @Test
    void shouldVetTheAddressAConnectionIsAboutToUse() throws UnknownHostException {
        SsrfGuard guard = guard(false, false);
        InetAddress rebound = InetAddress.getByAddress("hooks.example.com", new byte[]{10, 0, 0, 7});

        assertThat(guard.vet("hooks.example.com", rebound).reason()).isEqualTo("webhook target hooks.example.com "
                + "(10.0.0.7) is a private address; refused (set taskcast.webhooks.allow-private-targets=true to allow it)");
        assertThat(guard.vet("hooks.example.com", InetAddress.getByName("93.184.216.34")).allowed()).isTrue();
    }

    @Test
    void shouldUseTheSystemResolverForLiteralsWithoutDns() {
        SsrfGuard guard = new SsrfGuard(false, false);

        assertThat(guard.check(URI.create("http://127.0.0.1:1/")).allowed()).isFalse();
        assertThat(guard.check(URI.create("http://93.184.216.34/")).allowed()).isTrue();
        assertThat(guard.check(URI.create("http://[::1]/")).reason()).contains("is a loopback address");
    }

    private SsrfGuard guard(boolean allowLoopback, boolean allowPrivate) {
        return new SsrfGuard(allowLoopback, allowPrivate, table);
    }
}
