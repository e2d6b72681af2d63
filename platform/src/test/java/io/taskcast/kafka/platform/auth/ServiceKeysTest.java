package io.taskcast.kafka.platform.auth;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What keeps a service-key check from leaking through its timing, checked without a clock: every
 * configured key is compared whatever the presented key is (none is skipped once one matched), and
 * each comparison is of two fixed-length digests in constant time, so neither the presented key's
 * length nor how much of it matched changes the work done.
 */
class ServiceKeysTest {

    private static final List<AuthProperties.TrustedService> SERVICES = List.of(
            new AuthProperties.TrustedService("first", "first-key-0123456789", List.of("*"), List.of("*")),
            new AuthProperties.TrustedService("second", "second-key-that-is-rather-longer-0123456789", List.of("*"),
                    List.of("*")),
            new AuthProperties.TrustedService("third", "k3", List.of("*"), List.of("*")));

    /** One comparison as it was made: the lengths of both sides. */
    private record Comparison(int configured, int presented) {
    }

    @Test
    void shouldCompareEveryConfiguredKeyAsAFixedLengthDigestWhateverIsPresented() {
        for (String presented : List.of("first-key-0123456789", "k3", "", "f", "first-key-012345678X",
                "x".repeat(10_000))) {
            // given a comparison that records what it is asked and answers as the real one does
            List<Comparison> made = new ArrayList<>();
            ServiceKeys keys = new ServiceKeys(SERVICES, (configured, offered) -> {
                made.add(new Comparison(configured.length, offered.length));
                return MessageDigest.isEqual(configured, offered);
            });

            // when
            keys.match(presented);

            // then all three keys were compared, each as two 32-byte SHA-256 digests
            assertThat(made).as("comparisons for a presented key of %d characters", presented.length())
                    .containsExactly(new Comparison(32, 32), new Comparison(32, 32), new Comparison(32, 32));
        }
    }

    @Test
    void shouldFindTheServiceOfAKeyAndNoneForAnyOtherKey() {
        ServiceKeys keys = new ServiceKeys(SERVICES);

        assertThat(keys.match("second-key-that-is-rather-longer-0123456789")).get()
                .extracting(AuthContext::sub).isEqualTo("svc:second");
        assertThat(keys.match("k3")).get().extracting(AuthContext::sub).isEqualTo("svc:third");
        assertThat(keys.match("k4")).isEmpty();
        assertThat(keys.match("")).isEmpty();
    }
}
