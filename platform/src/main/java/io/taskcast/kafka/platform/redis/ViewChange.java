package io.taskcast.kafka.platform.redis;

import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;

import java.util.List;

/** One processed command's change to the view: the task as it is after it, and its new records in order. */
public record ViewChange(Task task, List<EventRecord> records) {

    public ViewChange {
        records = List.copyOf(records);
    }
}
