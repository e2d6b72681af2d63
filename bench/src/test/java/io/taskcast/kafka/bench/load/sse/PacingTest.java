package io.taskcast.kafka.bench.load.sse;

import io.taskcast.kafka.bench.load.DurationConverter;
import io.taskcast.kafka.bench.load.Latencies;
import io.taskcast.kafka.bench.load.Pacer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The fixed-rate schedule, the measured window, and the numbers the scenarios compute from them. */
class PacingTest {

    @Test
    void shouldDueEachSendAtStartPlusIOverRate() {
        Pacer pacer = new Pacer(1_000, 200);

        assertThat(pacer.dueNanos(0)).isEqualTo(1_000);
        assertThat(pacer.dueNanos(1)).isEqualTo(5_001_000);
        assertThat(pacer.dueNanos(200)).isEqualTo(1_000_001_000);
        assertThat(pacer.sendsWithin(Duration.ofSeconds(7).toNanos())).isEqualTo(1_400);
    }

    @Test
    void shouldTimeOnlyEventsDueInsideTheWindowFromTheirDueTime() {
        Pacer pacer = new Pacer(0, 100);
        Latencies latencies = new Latencies();
        MeasureWindow window = new MeasureWindow(latencies);
        long opens = System.nanoTime();
        window.open(pacer, opens);

        window.received(pacer.epochNanos(opens - 1), opens + 50_000_000L);
        window.received(pacer.epochNanos(opens), opens + 7_000_000L);

        Latencies.Summary summary = latencies.summary();
        assertThat(summary.count()).isEqualTo(1);
        assertThat(summary.max()).isBetween(6.9, 7.1);
    }

    @Test
    void shouldCountRoundRobinEventsPerTask() {
        RoundRobinPublisher.Result result = new RoundRobinPublisher.Result(10, 4, 0, 0, 0);

        assertThat(result.eventsOf(0)).isEqualTo(3);
        assertThat(result.eventsOf(1)).isEqualTo(3);
        assertThat(result.eventsOf(2)).isEqualTo(2);
        assertThat(result.eventsOf(3)).isEqualTo(2);
    }

    @Test
    void shouldReadDurationsAndOpenFileLimits() {
        DurationConverter durations = new DurationConverter();

        assertThat(durations.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(durations.convert("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(durations.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(durations.convert("PT3S")).isEqualTo(Duration.ofSeconds(3));
        assertThat(OpenFiles.parseSoft("Max open files            20000                20000                files"))
                .isEqualTo(20000);
        assertThat(OpenFiles.parseSoft("Max open files            unlimited            unlimited            files"))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldReadTheTickOutOfAWrappedFrameAndIgnoreStatusEvents() {
        String tick = "{\"filteredIndex\":3,\"rawIndex\":3,\"eventId\":\"x\",\"taskId\":\"t\",\"type\":\"bench.tick\","
                + "\"timestamp\":1,\"level\":\"info\",\"data\":{\"seq\":2,\"at\":123456789012}}";
        assertThat(BenchEvents.body(2, 123_456_789_012L))
                .isEqualTo("{\"type\":\"bench.tick\",\"data\":{\"seq\":2,\"at\":123456789012}}");

        assertThat(BenchEvents.read(tick)).isEqualTo(new BenchEvents.Tick(2, 123_456_789_012L));
        assertThat(BenchEvents.read("{\"type\":\"taskcast:status\",\"data\":{\"status\":\"running\"}}")).isNull();
        assertThat(BenchEvents.doneReason("{\"reason\":\"completed\"}")).isEqualTo("completed");
    }
}
