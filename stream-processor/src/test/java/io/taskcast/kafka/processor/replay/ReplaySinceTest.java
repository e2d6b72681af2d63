package io.taskcast.kafka.processor.replay;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplaySinceTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldParseAnAgeRelativeToNow() {
        assertThat(ReplaySince.parse("2h", CLOCK)).isEqualTo(Instant.parse("2025-06-01T10:00:00Z"));
        assertThat(ReplaySince.parse("7d", CLOCK)).isEqualTo(Instant.parse("2025-05-25T12:00:00Z"));
    }

    @Test
    void shouldParseAnIsoInstant() {
        assertThat(ReplaySince.parse("2025-01-31T08:30:00Z", CLOCK)).isEqualTo(Instant.parse("2025-01-31T08:30:00Z"));
    }

    @Test
    void shouldRejectAnythingElseNamingTheFlag() {
        assertThatThrownBy(() -> ReplaySince.parse("yesterday", CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--since");
    }
}
