package io.taskcast.kafka.processor.replay;

import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds the Redis view through {@link RedisTaskViews#apply}, the processor's own write: records
 * re-applied in index order converge to what the processor wrote, whatever of it is already there.
 * Two guards make it safe beside a running processor: the task key never goes back to an older
 * snapshot than the one Redis holds, and a terminal task past its hot retention is not brought back
 * (it is served from Postgres), nor is a task released from hot storage.
 */
final class RedisReplaySink implements ViewSink {

    private final RedisTaskViews views;
    private final Duration terminalRetention;
    private final Clock clock;
    /** Ids whose latest snapshot an import wrote. */
    private Set<String> imported = Set.of();
    /** Ids released from hot storage: served from the archive, never brought back here. */
    private Set<String> released = Set.of();

    /** @param terminalRetention as the processor is configured; null or zero = forever */
    RedisReplaySink(RedisTaskViews views, Duration terminalRetention, Clock clock) {
        this.views = views;
        this.terminalRetention = terminalRetention == null || terminalRetention.isZero() ? null : terminalRetention;
        this.clock = clock;
    }

    @Override
    public void snapshots(List<Task> tasks, Set<String> imported, Set<String> released) {
        // Written with their events (or at the end), so the task key is never ahead of its history.
        this.imported = Set.copyOf(imported);
        this.released = Set.copyOf(released);
    }

    @Override
    public void importStarts(String taskId, long generation) {
        views.startImport(taskId, generation);
    }

    @Override
    public long events(Map<Task, List<EventRecord>> byTask) {
        long written = 0;
        for (Map.Entry<Task, List<EventRecord>> entry : byTask.entrySet()) {
            if (!expired(entry.getKey())) {
                views.apply(newest(entry.getKey()), entry.getValue());
                written += entry.getValue().size();
            }
        }
        return written;
    }

    @Override
    public void snapshotsWithoutEvents(List<Task> tasks) {
        tasks.stream().filter(task -> !expired(task)).forEach(task -> views.apply(newest(task), List.of()));
    }

    @Override
    public void cleanUp(TaskCleanup cleanup) {
        views.cleanUp(cleanup);
    }

    /**
     * The processor may have moved the task on since the replay captured its snapshot. An imported
     * snapshot is the task whatever the view holds (an import may carry an older updatedAt).
     */
    private Task newest(Task replayed) {
        if (imported.contains(replayed.id())) {
            return replayed;
        }
        return views.findTask(replayed.id()).filter(current -> current.updatedAt() > replayed.updatedAt())
                .orElse(replayed);
    }

    /** Not for Redis: past its hot retention, or released from hot storage. */
    private boolean expired(Task task) {
        if (released.contains(task.id())) {
            return true;
        }
        if (terminalRetention == null || !task.status().isTerminal()) {
            return false;
        }
        long doneAt = task.completedAt() != null ? task.completedAt() : task.updatedAt();
        return doneAt + terminalRetention.toMillis() <= clock.millis();
    }
}
