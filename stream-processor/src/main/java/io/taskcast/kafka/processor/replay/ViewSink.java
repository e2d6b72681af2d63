package io.taskcast.kafka.processor.replay;

import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** One view being rebuilt. Every write must be idempotent: replay overlaps what is already there. */
interface ViewSink {

    /**
     * Task snapshots in the replayed window, latest per task, before any event.
     *
     * @param imported ids whose snapshot an import wrote: it replaces what the view holds even when older
     * @param released ids released from hot storage: the short-term view must not hold them again
     */
    void snapshots(List<Task> tasks, Set<String> imported, Set<String> released);

    /**
     * One poll's event records, grouped by task, each group in log (= index) order, with the task's
     * latest snapshot. Returns the number of records written (a view may leave some out).
     */
    long events(Map<Task, List<EventRecord>> byTask);

    /**
     * The task's latest import starts here in the log: its earlier events and series states go,
     * unless the view holds this import (generation) already.
     */
    void importStarts(String taskId, long generation);

    /** Tasks of the window that had no event in it. */
    void snapshotsWithoutEvents(List<Task> tasks);

    /** Cleanup rules that are due for a replayed task, applied as the processor and archiver apply them. */
    void cleanUp(TaskCleanup cleanup);
}
