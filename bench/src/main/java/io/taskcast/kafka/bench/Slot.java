package io.taskcast.kafka.bench;

/**
 * What the event at one index of a bench task is. A pure function of the index and the task's
 * event count, so the expected size of a view can be computed without generating the events.
 * After the first status event the task repeats a cycle of {@value #CYCLE}: ten streamed deltas of
 * one message (an accumulate series), four progress updates (the task's one latest series), six
 * tool calls and logs (plain events); the last event is the completed status.
 */
enum Slot {
    STARTED, DELTA, PROGRESS, TOOL, FINISHED;

    static final int CYCLE = 20;
    private static final int DELTAS = 10;
    private static final int PROGRESS_UPDATES = 4;

    static Slot of(long index, long count) {
        if (index == 0) {
            return STARTED;
        }
        if (index == count - 1) {
            return FINISHED;
        }
        long position = positionInCycle(index);
        if (position < DELTAS) {
            return DELTA;
        }
        return position < DELTAS + PROGRESS_UPDATES ? PROGRESS : TOOL;
    }

    /** Which cycle (= which message) the index falls in. */
    static long cycle(long index) {
        return (index - 1) / CYCLE;
    }

    static long positionInCycle(long index) {
        return (index - 1) % CYCLE;
    }

    /**
     * The history a view keeps of a task with {@code count} events: every event, except that each
     * progress update replaces the one before it.
     */
    static long historyLength(long count) {
        long progress = 0;
        for (long index = 0; index < count; index++) {
            if (of(index, count) == PROGRESS) {
                progress++;
            }
        }
        return count - Math.max(0, progress - 1);
    }
}
