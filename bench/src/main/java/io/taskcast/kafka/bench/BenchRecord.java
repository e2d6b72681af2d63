package io.taskcast.kafka.bench;

import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;

/** One record of the synthetic log: a task snapshot for {@code <prefix>-tasks} or an event for {@code <prefix>-events}. */
sealed interface BenchRecord permits BenchRecord.Snapshot, BenchRecord.Event {

    /** The record key: the task id, as the processor keys both topics. */
    String taskId();

    record Snapshot(Task task) implements BenchRecord {
        @Override
        public String taskId() {
            return task.id();
        }
    }

    record Event(EventRecord record) implements BenchRecord {
        @Override
        public String taskId() {
            return record.event().taskId();
        }
    }
}
