package io.taskcast.kafka.launcher.bench.load.publish;

import java.util.concurrent.locks.LockSupport;

/**
 * The fixed schedule of an open-loop sender: request {@code i} is due at {@code start + i / rate},
 * computed from the start (never from the last send) so lateness does not drift the schedule and
 * latency can be measured from the due time, without coordinated omission.
 */
record Pacer(long startNanos, double ratePerSecond) {

    Pacer {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
    }

    /** When request {@code i} is due, in {@link System#nanoTime()} terms. */
    long dueNanos(long i) {
        return startNanos + (long) (i * 1e9 / ratePerSecond);
    }

    /** Sleeps until {@code dueNanos}; returns at once if it has passed or the thread is interrupted. */
    static void awaitUntil(long dueNanos) {
        for (long left = dueNanos - System.nanoTime(); left > 0 && !Thread.currentThread().isInterrupted(); left = dueNanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
