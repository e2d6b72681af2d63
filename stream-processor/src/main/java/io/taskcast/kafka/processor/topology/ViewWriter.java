package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;

import java.util.List;

/**
 * Writes a change into the short-term view (Redis) before the transaction that publishes it
 * commits (architecture invariant 4). Must be idempotent: a retried transaction calls it again with
 * identical arguments.
 */
public interface ViewWriter {

    void write(Task task, List<EventRecord> events);

    /** Removes what due cleanup rules remove: the task and all it holds, or the events they select. */
    void cleanUp(TaskCleanup cleanup);
}
