package io.taskcast.kafka.platform.redis;

import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;
import io.taskcast.kafka.schemas.json.Json;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The short-term view of tasks in Redis: the processor writes it, the API and gateways read it.
 * The processor writes before its Kafka transaction commits and rewrites identically when that
 * transaction is retried, so every write here is idempotent and atomic per task.
 */
public final class RedisTaskViews {

    private final UnifiedJedis redis;
    /** Null = terminal tasks stay until something deletes them. */
    private final Duration terminalRetention;

    /** @param terminalRetention how long a terminal task stays; null or zero = forever */
    public RedisTaskViews(UnifiedJedis redis, Duration terminalRetention) {
        if (terminalRetention != null && (terminalRetention.isNegative()
                || (!terminalRetention.isZero() && terminalRetention.toMillis() == 0))) {
            throw new IllegalArgumentException(
                    "terminal retention must be zero (forever) or at least 1ms, got " + terminalRetention);
        }
        this.redis = redis;
        this.terminalRetention = terminalRetention == null || terminalRetention.isZero() ? null : terminalRetention;
    }

    /**
     * Writes the task as it is after {@code records}, and the records in order, in one MULTI/EXEC
     * on the task's hash-tagged keys. Applying the same arguments again leaves the same content.
     */
    public void apply(Task task, List<EventRecord> records) {
        applyAll(List.of(new ViewChange(task, records)));
    }

    /**
     * Writes a sequence of changes, of one task or many, in one MULTI/EXEC and so in one round trip:
     * every change's records in order, then each task as it is after its last change, then the
     * index. Readers see all of it or none of it. The result equals applying the changes one by
     * one, and applying them again leaves the same content.
     */
    public void applyAll(List<ViewChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Map<String, Task> latest = new LinkedHashMap<>();
        changes.forEach(change -> latest.put(change.task().id(), change.task()));
        // One transaction across tasks, index included: we talk to one standalone Redis (see
        // RedisConnections), where a transaction may touch any keys.
        try (AbstractTransaction tx = redis.multi()) {
            for (ViewChange change : changes) {
                change.records().forEach(record -> appendEvent(tx, change.task().id(), record));
            }
            Map<String, Double> index = new HashMap<>();
            latest.forEach((taskId, task) -> {
                tx.set(RedisKeys.task(taskId), Json.toString(task));
                if (task.status().isTerminal() && terminalRetention != null) {
                    long millis = terminalRetention.toMillis();
                    tx.pexpire(RedisKeys.task(taskId), millis);
                    tx.pexpire(RedisKeys.events(taskId), millis);
                    tx.pexpire(RedisKeys.series(taskId), millis);
                }
                index.put(taskId, (double) task.createdAt());
            });
            tx.zadd(RedisKeys.taskIndex(), index);
            failOnError(latest.keySet(), tx.exec());
        }
    }

    private static void appendEvent(AbstractTransaction tx, String taskId, EventRecord record) {
        TaskEvent event = record.event();
        if (!taskId.equals(event.taskId())) {
            throw new IllegalArgumentException("event " + event.id() + " of task " + event.taskId()
                    + " cannot be written to task " + taskId);
        }
        String events = RedisKeys.events(taskId);
        if (record.replacesIndex() != null) {
            tx.zremrangeByScore(events, record.replacesIndex(), record.replacesIndex());
        }
        tx.zadd(events, event.index(), Json.toString(event));
        if (record.accumulated() != null) {
            tx.hset(RedisKeys.series(taskId), event.seriesId(), Json.toString(record.accumulated()));
        }
    }

    /**
     * Removes what due cleanup rules remove: every key of the task and its index entry, or the
     * events the rules select with the series states they hold. Idempotent, like every write here.
     */
    public void cleanUp(TaskCleanup cleanup) {
        String taskId = cleanup.taskId();
        if (cleanup.removesTask()) {
            redis.del(RedisKeys.task(taskId), RedisKeys.events(taskId), RedisKeys.series(taskId));
            redis.zrem(RedisKeys.taskIndex(), taskId);
            return;
        }
        List<String> removed = redis.zrange(RedisKeys.events(taskId), 0, -1).stream()
                .filter(json -> cleanup.removes(Json.fromString(json, TaskEvent.class))).toList();
        if (removed.isEmpty()) {
            return;
        }
        Set<Long> removedIndexes = removed.stream().map(json -> Json.fromString(json, TaskEvent.class).index())
                .collect(Collectors.toSet());
        // A series state is the folded event at its index: it goes when that event goes.
        List<String> goneStates = seriesStates(taskId).values().stream()
                .filter(state -> removedIndexes.contains(state.index())).map(TaskEvent::seriesId).toList();
        try (AbstractTransaction tx = redis.multi()) {
            tx.zrem(RedisKeys.events(taskId), removed.toArray(String[]::new));
            if (!goneStates.isEmpty()) {
                tx.hdel(RedisKeys.series(taskId), goneStates.toArray(String[]::new));
            }
            failOnError(taskId, tx.exec());
        }
    }

    /** EXEC reports a failed command (e.g. WRONGTYPE) as an element of its reply, not as an exception. */
    private static void failOnError(Object tasks, List<Object> replies) {
        if (replies == null) {
            throw new IllegalStateException("Redis discarded the view transaction of task(s) " + tasks);
        }
        for (Object reply : replies) {
            if (reply instanceof Exception e) {
                throw new IllegalStateException("Redis rejected a write of task(s) " + tasks + ": " + e.getMessage(), e);
            }
        }
    }

    public Optional<Task> findTask(String taskId) {
        return Optional.ofNullable(redis.get(RedisKeys.task(taskId))).map(json -> Json.fromString(json, Task.class));
    }

    /** The task's short-term history, ordered by index; replaced indexes of latest series are absent. */
    public List<TaskEvent> history(String taskId) {
        return events(redis.zrange(RedisKeys.events(taskId), 0, -1));
    }

    /** The history from index {@code fromIndexInclusive} on, ordered by index. */
    public List<TaskEvent> historyFrom(String taskId, long fromIndexInclusive) {
        return events(redis.zrangeByScore(RedisKeys.events(taskId), Long.toString(fromIndexInclusive), "+inf"));
    }

    /** The current state of each accumulate series of the task, by series id. */
    public Map<String, TaskEvent> seriesStates(String taskId) {
        return states(redis.hgetAll(RedisKeys.series(taskId)));
    }

    /**
     * The whole history and the series states in one MULTI/EXEC. The processor writes both in one
     * transaction too, so the states are exactly those after the last event read.
     */
    public TaskHistory historyWithSeriesStates(String taskId) {
        Response<List<String>> events;
        Response<Map<String, String>> series;
        try (AbstractTransaction tx = redis.multi()) {
            events = tx.zrange(RedisKeys.events(taskId), 0, -1);
            series = tx.hgetAll(RedisKeys.series(taskId));
            tx.exec();
        }
        // Response.get() throws the error reply of its own command (e.g. WRONGTYPE), if any.
        return new TaskHistory(events(events.get()), states(series.get()));
    }

    /**
     * Every task of the global index, oldest first. Ids whose task key is gone (expired after the
     * terminal retention, or deleted) are skipped: the index is trimmed by no one on expiry.
     */
    public List<Task> listTasks() {
        List<String> ids = redis.zrange(RedisKeys.taskIndex(), 0, -1);
        // One round trip for all tasks; a pipeline, not MGET, because on a Redis Cluster the task
        // keys live in different slots.
        List<Response<String>> found;
        try (AbstractPipeline pipeline = redis.pipelined()) {
            found = ids.stream().map(id -> pipeline.get(RedisKeys.task(id))).toList();
            pipeline.sync();
        }
        return found.stream().map(Response::get).filter(Objects::nonNull)
                .map(json -> Json.fromString(json, Task.class)).toList();
    }

    private static Map<String, TaskEvent> states(Map<String, String> json) {
        Map<String, TaskEvent> states = new TreeMap<>();
        json.forEach((seriesId, value) -> states.put(seriesId, Json.fromString(value, TaskEvent.class)));
        return Collections.unmodifiableMap(states);
    }

    private static List<TaskEvent> events(List<String> json) {
        return json.stream().map(value -> Json.fromString(value, TaskEvent.class)).toList();
    }
}
