package io.taskcast.kafka.launcher.bench.load.publish;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TargetTest {

    @Test
    void shouldPickThePublishTargetByConnections() {
        assertThat(Target.publish(8)).hasValueSatisfying(t -> {
            assertThat(t.met(4_600, 9.9)).isTrue();
            assertThat(t.met(4_600, 10.1)).isFalse();
            assertThat(t.met(4_400, 5)).isFalse();
        });
        assertThat(Target.publish(32)).hasValueSatisfying(t -> assertThat(t.met(5_000, 30)).isTrue());
        assertThat(Target.publish(16)).isEmpty();
    }

    @Test
    void shouldHaveABatchTargetOnlyForTheDefaultSettings() {
        assertThat(Target.publishBatch(8, 100)).hasValueSatisfying(t -> assertThat(t.met(50_000, 500)).isTrue());
        assertThat(Target.publishBatch(8, 10)).isEmpty();
    }

    @Test
    void shouldJudgeInFlightByItsP99Only() {
        assertThat(Target.inFlight(200, 16)).hasValueSatisfying(t -> {
            assertThat(t.met(150, 29)).isTrue();
            assertThat(t.met(200, 31)).isFalse();
        });
        assertThat(Target.inFlight(100, 16)).isEmpty();
    }
}
