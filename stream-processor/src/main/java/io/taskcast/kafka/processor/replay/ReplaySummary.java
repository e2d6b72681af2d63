package io.taskcast.kafka.processor.replay;

import java.time.Duration;
import java.util.Locale;

/**
 * The outcome of a replay.
 *
 * @param recordsRead   records read from both topics (after the task filter)
 * @param tasksWritten  distinct tasks written to at least one view
 * @param eventsWritten event records written (each counted once, whatever the number of targets)
 * @param skipped       records left out: unparsable, without a task snapshot, or past Redis retention
 */
public record ReplaySummary(long recordsRead, long tasksWritten, long eventsWritten, long skipped, Duration elapsed) {

    /** Records read per second. */
    public double rate() {
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        return recordsRead / seconds;
    }

    /** One line for people. */
    public String line() {
        return String.format(Locale.ROOT,
                "replay done: %d records read, %d tasks and %d events written, %d skipped, in %.1f s (%.0f records/s)",
                recordsRead, tasksWritten, eventsWritten, skipped, elapsed.toMillis() / 1000.0, rate());
    }
}
