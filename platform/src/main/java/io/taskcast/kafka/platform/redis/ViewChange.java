package io.taskcast.kafka.platform.redis;

import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;

import java.util.List;

/**
 * One processed command's change to the view: the task as it is after it, and its new records in
 * order.
 *
 * @param taskChanged false when the command left the task as it was (a publish): the view's copy
 *                    of the task is then not written again
 * @param importGeneration an import's generation (taskcast-extras.md §6): the task's earlier events
 *                    and series states go first, and the view remembers the generation; else null
 */
public record ViewChange(Task task, List<EventRecord> records, boolean taskChanged, Long importGeneration) {

    public ViewChange {
        records = List.copyOf(records);
    }

    /** A change that is not an import. */
    public ViewChange(Task task, List<EventRecord> records, boolean taskChanged) {
        this(task, records, taskChanged, null);
    }

    /** A change that (re)writes the task. */
    public ViewChange(Task task, List<EventRecord> records) {
        this(task, records, true);
    }

    /** An import: the task's events and series states are dropped before {@code records} are written. */
    public static ViewChange imported(Task task, List<EventRecord> records, long generation) {
        return new ViewChange(task, records, true, generation);
    }
}
