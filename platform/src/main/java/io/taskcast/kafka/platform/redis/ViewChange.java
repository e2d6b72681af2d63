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
 */
public record ViewChange(Task task, List<EventRecord> records, boolean taskChanged) {

    public ViewChange {
        records = List.copyOf(records);
    }

    /** A change that (re)writes the task. */
    public ViewChange(Task task, List<EventRecord> records) {
        this(task, records, true);
    }
}
