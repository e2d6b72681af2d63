package io.taskcast.kafka.processor.topology;

/**
 * Where the command handler reports what it did with each record, so the handler stays a pure
 * step of the topology: the meter registry, the clock and the latency arithmetic live behind it.
 */
public interface CommandMeters {

    /** What became of one record of the commands topic. */
    enum Outcome {
        /** Applied (or a due cleanup carried out): state changed, effects emitted. */
        ACCEPTED,
        /** A valid command the state machine refused (404, 409, 400 ...). */
        REJECTED,
        /** Nothing to do, such as a timer for a task that has moved on. */
        IGNORED,
        /** Not a valid command: sent to the dead-letter topic. */
        DEAD_LETTERED,
        /** A second copy of a command the task already had: skipped. */
        DUPLICATE
    }

    /** @param recordTimestamp the record's timestamp (when it was written), epoch milliseconds */
    void processed(Outcome outcome, long recordTimestamp);

    static CommandMeters none() {
        return (outcome, recordTimestamp) -> {
        };
    }
}
