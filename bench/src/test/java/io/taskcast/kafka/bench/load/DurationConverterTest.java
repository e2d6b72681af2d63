package io.taskcast.kafka.bench.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationConverterTest {

    @Test
    void shouldReadShortUnitsAndIso() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationConverter.parse("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void shouldRejectAnythingElse() {
        assertThatThrownBy(() -> DurationConverter.parse("ten seconds")).isInstanceOf(RuntimeException.class);
    }
}
