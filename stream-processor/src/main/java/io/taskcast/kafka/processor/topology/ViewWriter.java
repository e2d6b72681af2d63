package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.platform.redis.ViewChange;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;

/**
 * Writes a change into the short-term view (Redis) before any record that announces it leaves the
 * processor (docs/fast-path.md). Must be idempotent: a retried transaction calls it again with
 * identical arguments.
 */
public interface ViewWriter {

    void write(ViewChange change);

    /** Removes what due cleanup rules remove: the task and all it holds, or the events they select. */
    void cleanUp(TaskCleanup cleanup);

    /** Lets the task go: a release from hot storage (taskcast-extras.md §7); reads fall back to the archive. */
    void release(String taskId);
}
