package io.taskcast.kafka.processor.replay;

import io.taskcast.kafka.platform.postgres.ArchiveWrites;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds the Postgres archive through {@link ArchiveWrites}, the archiver's own idempotent
 * upserts; they already refuse older snapshots and series states, so running beside the archiver
 * is safe.
 */
final class PostgresReplaySink implements ViewSink {

    private static final int CHUNK = 500;
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

    private final ArchiveWrites writes;

    PostgresReplaySink(ArchiveWrites writes) {
        this.writes = writes;
    }

    @Override
    public void snapshots(List<Task> tasks, Set<String> imported, Set<String> released) {
        for (int from = 0; from < tasks.size(); from += CHUNK) {
            writes.write(tasks.subList(from, Math.min(tasks.size(), from + CHUNK)), List.of(),
                    new ArchiveWrites.Imports(Map.of(), imported)).block(WRITE_TIMEOUT);
        }
    }

    @Override
    public void importStarts(String taskId, long generation) {
        writes.startImport(taskId, generation).block(WRITE_TIMEOUT);
    }

    @Override
    public long events(Map<Task, List<EventRecord>> byTask) {
        List<EventRecord> events = byTask.values().stream().flatMap(List::stream).toList();
        writes.write(List.of(), events).block(WRITE_TIMEOUT);
        return events.size();
    }

    @Override
    public void snapshotsWithoutEvents(List<Task> tasks) {
        // Already written by snapshots().
    }

    @Override
    public void cleanUp(TaskCleanup cleanup) {
        writes.cleanups().apply(cleanup).block(WRITE_TIMEOUT);
    }
}
