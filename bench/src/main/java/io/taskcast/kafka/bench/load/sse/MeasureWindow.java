package io.taskcast.kafka.bench.load.sse;

import io.taskcast.kafka.bench.load.Latencies;
import io.taskcast.kafka.bench.load.Pacer;

/**
 * Shared by every subscriber of a run: records an event's latency only when it was due inside the
 * measured window, so warm-up events are checked for delivery but not timed. The window opens
 * when the publisher starts, after the subscribers connected.
 */
public final class MeasureWindow {

    private final Latencies latencies;
    private volatile Pacer pacer;
    private volatile long fromEpochNanos = Long.MAX_VALUE;

    public MeasureWindow(Latencies latencies) {
        this.latencies = latencies;
    }

    /** Times events due at or after {@code fromNanos} (a {@code nanoTime}) on {@code pacer}'s clock. */
    public void open(Pacer pacer, long fromNanos) {
        this.pacer = pacer;
        this.fromEpochNanos = pacer.epochNanos(fromNanos);
    }

    /** An event due at {@code dueEpochNanos} arrived at {@code receivedNanos} ({@code nanoTime}). */
    public void received(long dueEpochNanos, long receivedNanos) {
        Pacer clock = pacer;
        if (clock != null && dueEpochNanos >= fromEpochNanos) {
            latencies.recordNanos(clock.epochNanos(receivedNanos) - dueEpochNanos);
        }
    }
}
