package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;

import java.util.List;

/** The outcome of applying one command to a task's state. */
public sealed interface Decision {

    /** The command takes effect: store {@code next}, publish {@code records} in order. */
    record Applied(TaskState next, List<EventRecord> records) implements Decision {
    }

    /**
     * An archive replaces the task (taskcast-extras.md §6): store {@code next}, replace the task's
     * views with {@code records}, broadcast nothing.
     */
    record Imported(TaskState next, List<EventRecord> records, boolean overwritten) implements Decision {
    }

    /**
     * A storage release (taskcast-extras.md §7): store {@code next}; when {@code released}, Redis
     * lets the task go (false: it was released before, nothing changes).
     */
    record Released(TaskState next, boolean released) implements Decision {
    }

    /** Cleanup rules came due: store {@code next}, remove from every view what {@code cleanup} says. */
    record CleanedUp(TaskState next, TaskCleanup cleanup) implements Decision {
    }

    /** The command has no effect; {@code status} is the HTTP status the API answers with. */
    record Refused(int status, String code, String message) implements Decision {
    }

    /** A timer that is no longer current (the task moved on): nothing happens, nobody is told. */
    record Ignored(String why) implements Decision {
    }
}
