package io.taskcast.kafka.bench.load.publish;

import io.taskcast.kafka.bench.load.Pacer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacerTest {

    @Test
    void shouldScheduleFromTheStartWithoutDrift() {
        Pacer pacer = new Pacer(1_000, 200);

        assertThat(pacer.dueNanos(0)).isEqualTo(1_000);
        assertThat(pacer.dueNanos(1)).isEqualTo(1_000 + 5_000_000);
        assertThat(pacer.dueNanos(200_000)).isEqualTo(1_000 + 1_000_000_000_000L);
    }

    @Test
    void shouldSpreadANonIntegerPeriodEvenly() {
        Pacer pacer = new Pacer(0, 3);

        assertThat(pacer.dueNanos(1)).isEqualTo(333_333_333);
        assertThat(pacer.dueNanos(3)).isEqualTo(1_000_000_000);
    }

    @Test
    void shouldRefuseANonPositiveRate() {
        assertThatThrownBy(() -> new Pacer(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
