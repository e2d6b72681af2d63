package io.taskcast.kafka.bench.load.publish;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TargetTest {

    @Test
    void shouldJudgeOneConnectionByRateAndMedian() {
        assertThat(Target.publish(1)).hasValueSatisfying(t -> {
            assertThat(t.met(400, 2.0, 50)).isTrue();
            assertThat(t.met(400, 2.1, 5)).isFalse();
            assertThat(t.met(399, 1.0, 5)).isFalse();
        });
    }

    @Test
    void shouldPickThePublishTargetByConnections() {
        assertThat(Target.publish(8)).hasValueSatisfying(t -> {
            assertThat(t.met(2_000, 9, 14.9)).isTrue();
            assertThat(t.met(2_100, 1, 15.1)).isFalse();
            assertThat(t.met(1_999, 1, 5)).isFalse();
        });
        assertThat(Target.publish(32)).hasValueSatisfying(t -> {
            assertThat(t.met(3_000, 20, 40)).isTrue();
            assertThat(t.met(3_000, 20, 41)).isFalse();
        });
        assertThat(Target.publish(16)).isEmpty();
    }

    @Test
    void shouldHaveABatchTargetOnlyForTheDefaultSettings() {
        assertThat(Target.publishBatch(8, 100)).hasValueSatisfying(t -> assertThat(t.met(50_000, 300, 500)).isTrue());
        assertThat(Target.publishBatch(8, 10)).isEmpty();
    }

    @Test
    void shouldJudgeInFlightByItsP99Only() {
        assertThat(Target.inFlight(200, 16)).hasValueSatisfying(t -> {
            assertThat(t.met(150, 15, 19.9)).isTrue();
            assertThat(t.met(200, 1, 20.1)).isFalse();
        });
        assertThat(Target.inFlight(100, 16)).isEmpty();
    }
}
