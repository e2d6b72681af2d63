package io.taskcast.kafka.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;

/**
 * Latencies of one scenario, recorded from any thread into an HdrHistogram (microsecond precision,
 * up to a minute), read as percentiles in milliseconds.
 */
public final class Latencies {

    private final Recorder recorder = new Recorder(TimeUnit.MINUTES.toMicros(1), 3);
    private Histogram total;

    public void recordNanos(long nanos) {
        recorder.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(Math.max(nanos, 0)), TimeUnit.MINUTES.toMicros(1)));
    }

    /** Forgets what was recorded so far: call at the end of the warm-up. */
    public synchronized void reset() {
        recorder.reset();
        total = null;
    }

    /** Everything recorded since the last reset. */
    public synchronized Summary summary() {
        Histogram interval = recorder.getIntervalHistogram();
        total = total == null ? interval : add(total, interval);
        return new Summary(total.getTotalCount(), ms(total.getValueAtPercentile(50)), ms(total.getValueAtPercentile(90)),
                ms(total.getValueAtPercentile(99)), ms(total.getMaxValue()));
    }

    private static Histogram add(Histogram a, Histogram b) {
        a.add(b);
        return a;
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    /** @param count recorded values; the rest in milliseconds */
    public record Summary(long count, double p50, double p90, double p99, double max) {
    }
}
