package io.taskcast.kafka.platform;

import io.taskcast.kafka.platform.postgres.ArchiveReads;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.platform.redis.TaskHistory;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where readers (REST, SSE replay) get tasks and histories: Redis first, then — for a task Redis no
 * longer has, e.g. after its terminal retention expired — the Postgres archive. Without an archive
 * it is Redis only. Blocking, like the Redis view: call it off the event loop. An archive read that
 * fails or takes longer than {@link #ARCHIVE_TIMEOUT} throws {@link ArchiveUnavailableException}.
 */
public final class TaskReads {

    private static final Logger log = LoggerFactory.getLogger(TaskReads.class);

    /** Above the pool's own connect and acquire timeouts (5 s), so those report the cause first. */
    private static final Duration ARCHIVE_TIMEOUT = Duration.ofSeconds(15);
    private static final Comparator<Task> OLDEST_FIRST = Comparator.comparingLong(Task::createdAt)
            .thenComparing(Task::id);

    private final RedisTaskViews redis;
    private final ArchiveReads archive;

    /** @param archive null when no archive is configured */
    public TaskReads(RedisTaskViews redis, ArchiveReads archive) {
        this.redis = redis;
        this.archive = archive;
    }

    public Optional<Task> findTask(String taskId) {
        Optional<Task> hot = redis.findTask(taskId);
        return hot.isPresent() || archive == null ? hot : Optional.ofNullable(block(archive.findTask(taskId), taskId));
    }

    /** The task as the short-term view (Redis) holds it: empty when it is only in the archive, or nowhere. */
    public Optional<Task> hotTask(String taskId) {
        return redis.findTask(taskId);
    }

    /** How far the archive holds the task; empty without an archive or when it has no snapshot of the task. */
    public Optional<ArchiveReads.Mark> archiveMark(String taskId) {
        return archive == null ? Optional.empty() : Optional.ofNullable(block(archive.mark(taskId), taskId));
    }

    /** Whether an archive is configured (Postgres). */
    public boolean hasArchive() {
        return archive != null;
    }

    /** The task's history ordered by index; replaced indexes of latest series are absent. */
    public List<TaskEvent> history(String taskId) {
        List<TaskEvent> hot = redis.history(taskId);
        return servedByRedis(hot, taskId) ? hot : block(archive.history(taskId), taskId);
    }

    public List<TaskEvent> historyFrom(String taskId, long fromIndexInclusive) {
        List<TaskEvent> hot = redis.historyFrom(taskId, fromIndexInclusive);
        return servedByRedis(hot, taskId) ? hot : block(archive.historyFrom(taskId, fromIndexInclusive), taskId);
    }

    public Map<String, TaskEvent> seriesStates(String taskId) {
        return inRedis(taskId) ? redis.seriesStates(taskId) : block(archive.seriesStates(taskId), taskId);
    }

    public TaskHistory historyWithSeriesStates(String taskId) {
        TaskHistory hot = redis.historyWithSeriesStates(taskId);
        return servedByRedis(hot.events(), taskId) ? hot : block(archive.historyWithSeriesStates(taskId), taskId);
    }

    /** Every task, oldest first: Redis's version of a task wins over the archive's (it is never older). */
    public List<Task> listTasks() {
        List<Task> hot = redis.listTasks();
        if (archive == null) {
            return hot;
        }
        Map<String, Task> byId = new LinkedHashMap<>();
        block(archive.listTasks(), null).forEach(task -> byId.put(task.id(), task));
        hot.forEach(task -> byId.put(task.id(), task));
        List<Task> all = new ArrayList<>(byId.values());
        all.sort(OLDEST_FIRST);
        return List.copyOf(all);
    }

    /**
     * Redis answers unless it returned nothing and no longer has the task. Its history keys expire
     * together with the task key, so a non-empty answer is always complete.
     */
    private boolean servedByRedis(List<TaskEvent> hot, String taskId) {
        return !hot.isEmpty() || inRedis(taskId);
    }

    private boolean inRedis(String taskId) {
        return archive == null || redis.findTask(taskId).isPresent();
    }

    /** @param taskId the task read, or null for the task list */
    private static <T> T block(Mono<T> read, String taskId) {
        return read.timeout(ARCHIVE_TIMEOUT).onErrorMap(e -> {
            log.warn("Archive read of {} failed: {}", taskId == null ? "the task list" : "task " + taskId, rootCause(e));
            return new ArchiveUnavailableException(taskId, e);
        }).block();
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
