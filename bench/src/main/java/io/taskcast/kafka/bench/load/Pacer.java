package io.taskcast.kafka.bench.load;

import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * Fixed-rate schedule: send {@code i} is due at {@code start + i / rate}. Latency is measured from
 * that due time, not from when the send really went out, so a stalled server cannot hide its
 * stall by slowing the publisher (no coordinated omission). Due times travel in the events as
 * epoch nanoseconds, from one anchor read once, so sender and receivers agree to the nanosecond.
 */
public final class Pacer {

    private final long startNanos;
    private final double ratePerSecond;
    private final long anchorNanos;
    private final long anchorEpochNanos;

    public Pacer(long startNanos, double ratePerSecond) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
        this.startNanos = startNanos;
        this.ratePerSecond = ratePerSecond;
        Instant now = Instant.now();
        this.anchorNanos = System.nanoTime();
        this.anchorEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** {@link System#nanoTime()} at which the schedule starts (send 0 is due). */
    public long startNanos() {
        return startNanos;
    }

    /** {@link System#nanoTime()} at which send {@code i} is due. */
    public long dueNanos(long i) {
        return startNanos + Math.round(i * 1e9 / ratePerSecond);
    }

    /** Sends due within {@code nanos} of the start. */
    public long sendsWithin(long nanos) {
        return (long) Math.ceil(nanos / 1e9 * ratePerSecond);
    }

    /** {@code nanoTime} as epoch nanoseconds. */
    public long epochNanos(long nanoTime) {
        return anchorEpochNanos + (nanoTime - anchorNanos);
    }

    /** Waits until {@code nanoTime} reaches {@code dueNanos}; returns at once when late. */
    public static void awaitDue(long dueNanos) {
        for (long wait = dueNanos - System.nanoTime(); wait > 0; wait = dueNanos - System.nanoTime()) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing");
            }
        }
    }
}
