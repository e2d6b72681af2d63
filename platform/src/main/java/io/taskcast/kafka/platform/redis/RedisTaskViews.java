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
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The short-term view of tasks in Redis: the processor writes it, the API and gateways read it.
 * The processor writes before its Kafka transaction commits and rewrites identically when that
 * transaction is retried, so every write here is idempotent and atomic per task.
 *
 * <p>Guarded views (with a {@link ViewMarker} key) check in the same transaction as each read and
 * write that the marker is there, and throw {@link RedisUnavailableException} when it is not: Redis
 * restarted empty or was flushed, and an empty answer would be a lie (a 404 for a task that exists,
 * a history starting at the first event written since).
 */
public final class RedisTaskViews {

    private final UnifiedJedis redis;
    /** Null = terminal tasks stay until something deletes them. */
    private final Duration terminalRetention;
    /** Null = unguarded: reads and writes whatever Redis holds (tests, tools, the rebuild itself). */
    private final String marker;

    /**
     * Unguarded views.
     *
     * @param terminalRetention how long a terminal task stays; null or zero = forever
     */
    public RedisTaskViews(UnifiedJedis redis, Duration terminalRetention) {
        this(redis, terminalRetention, null);
    }

    /** @param marker the key of {@link ViewMarker} every read and write checks; null = unguarded */
    public RedisTaskViews(UnifiedJedis redis, Duration terminalRetention, String marker) {
        if (terminalRetention != null && (terminalRetention.isNegative()
                || (!terminalRetention.isZero() && terminalRetention.toMillis() == 0))) {
            throw new IllegalArgumentException(
                    "terminal retention must be zero (forever) or at least 1ms, got " + terminalRetention);
        }
        this.redis = redis;
        this.terminalRetention = terminalRetention == null || terminalRetention.isZero() ? null : terminalRetention;
        this.marker = marker;
    }

    /** The same views without the marker check, for rebuilding a lost view. */
    public RedisTaskViews unguarded() {
        return new RedisTaskViews(redis, terminalRetention, null);
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
     * every change's records in order, then each task as it is after its last change that changed
     * it, then the index. Readers see all of it or none of it. The result equals applying the changes one by
     * one, and applying them again leaves the same content.
     */
    public void applyAll(List<ViewChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Map<String, Task> latest = new LinkedHashMap<>();
        changes.stream().filter(ViewChange::taskChanged).forEach(change -> latest.put(change.task().id(), change.task()));
        // One transaction across tasks, index included: we talk to one standalone Redis (see
        // RedisConnections), where a transaction may touch any keys.
        Response<Boolean> present;
        try (AbstractTransaction tx = redis.multi()) {
            present = marker == null ? null : tx.exists(marker);
            for (ViewChange change : changes) {
                if (change.importGeneration() != null) {
                    startImport(tx, change.task().id(), change.importGeneration());
                }
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
                    tx.pexpire(RedisKeys.generation(taskId), millis);
                }
                index.put(taskId, (double) task.createdAt());
            });
            if (!index.isEmpty()) {
                tx.zadd(RedisKeys.taskIndex(), index);
            }
            failOnError(changes.stream().map(change -> change.task().id()).distinct().toList(), tx.exec());
        }
        // Written anyway: into a lost view, which readers refuse and the rebuild overwrites identically.
        requirePresent(present);
    }

    private static void startImport(AbstractTransaction tx, String taskId, long generation) {
        tx.del(RedisKeys.events(taskId), RedisKeys.series(taskId));
        tx.set(RedisKeys.generation(taskId), Long.toString(generation));
    }

    /**
     * Replay's half of an import: drops the task's events and series states, as the processor did
     * before writing the imported ones, unless the view already holds this import or a later one
     * (then what it holds after it, possibly written since the replay began, stays). Returns
     * whether it dropped them.
     */
    public boolean startImport(String taskId, long generation) {
        if (marker != null && !redis.exists(marker)) {
            throw RedisUnavailableException.viewLost(marker);
        }
        String held = redis.get(RedisKeys.generation(taskId));
        if (held != null && Long.parseLong(held) >= generation) {
            return false;
        }
        try (AbstractTransaction tx = redis.multi()) {
            startImport(tx, taskId, generation);
            failOnError(taskId, tx.exec());
        }
        return true;
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
            removeTask(taskId);
            return;
        }
        if (marker != null && !redis.exists(marker)) {
            throw RedisUnavailableException.viewLost(marker);
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

    /** Removes every key of the task and its index entry (a cleanup rule, or a release from hot storage). */
    public void removeTask(String taskId) {
        if (marker != null && !redis.exists(marker)) {
            throw RedisUnavailableException.viewLost(marker);
        }
        redis.del(RedisKeys.task(taskId), RedisKeys.events(taskId), RedisKeys.series(taskId),
                RedisKeys.generation(taskId));
        redis.zrem(RedisKeys.taskIndex(), taskId);
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

    private void requirePresent(Response<Boolean> present) {
        if (present != null && !present.get()) {
            throw RedisUnavailableException.viewLost(marker);
        }
    }

    /** One read command; when guarded, in one MULTI/EXEC after the marker check. */
    private <T> T read(Function<AbstractTransaction, Response<T>> command, Supplier<T> unguarded) {
        if (marker == null) {
            return unguarded.get();
        }
        Response<Boolean> present;
        Response<T> result;
        try (AbstractTransaction tx = redis.multi()) {
            present = tx.exists(marker);
            result = command.apply(tx);
            tx.exec();
        }
        requirePresent(present);
        return result.get();
    }

    public Optional<Task> findTask(String taskId) {
        String key = RedisKeys.task(taskId);
        return Optional.ofNullable(read(tx -> tx.get(key), () -> redis.get(key)))
                .map(json -> Json.fromString(json, Task.class));
    }

    /** The task's short-term history, ordered by index; replaced indexes of latest series are absent. */
    public List<TaskEvent> history(String taskId) {
        String key = RedisKeys.events(taskId);
        return events(read(tx -> tx.zrange(key, 0, -1), () -> redis.zrange(key, 0, -1)));
    }

    /** The history from index {@code fromIndexInclusive} on, ordered by index. */
    public List<TaskEvent> historyFrom(String taskId, long fromIndexInclusive) {
        String key = RedisKeys.events(taskId);
        String from = Long.toString(fromIndexInclusive);
        return events(read(tx -> tx.zrangeByScore(key, from, "+inf"), () -> redis.zrangeByScore(key, from, "+inf")));
    }

    /** The current state of each accumulate series of the task, by series id. */
    public Map<String, TaskEvent> seriesStates(String taskId) {
        String key = RedisKeys.series(taskId);
        return states(read(tx -> tx.hgetAll(key), () -> redis.hgetAll(key)));
    }

    /**
     * The whole history and the series states in one MULTI/EXEC. The processor writes both in one
     * transaction too, so the states are exactly those after the last event read.
     */
    public TaskHistory historyWithSeriesStates(String taskId) {
        Response<Boolean> present;
        Response<List<String>> events;
        Response<Map<String, String>> series;
        try (AbstractTransaction tx = redis.multi()) {
            present = marker == null ? null : tx.exists(marker);
            events = tx.zrange(RedisKeys.events(taskId), 0, -1);
            series = tx.hgetAll(RedisKeys.series(taskId));
            tx.exec();
        }
        requirePresent(present);
        // Response.get() throws the error reply of its own command (e.g. WRONGTYPE), if any.
        return new TaskHistory(events(events.get()), states(series.get()));
    }

    /**
     * Every task of the global index, oldest first. Ids whose task key is gone (expired after the
     * terminal retention, or deleted) are skipped: the index is trimmed by no one on expiry. When
     * guarded, the marker is checked before and after, so a view lost in between is not listed.
     */
    public List<Task> listTasks() {
        String index = RedisKeys.taskIndex();
        List<String> ids = read(tx -> tx.zrange(index, 0, -1), () -> redis.zrange(index, 0, -1));
        // One round trip for all tasks; a pipeline, not MGET, because on a Redis Cluster the task
        // keys live in different slots.
        List<Response<String>> found;
        Response<Boolean> present;
        try (AbstractPipeline pipeline = redis.pipelined()) {
            found = ids.stream().map(id -> pipeline.get(RedisKeys.task(id))).toList();
            present = marker == null ? null : pipeline.exists(marker);
            pipeline.sync();
        }
        requirePresent(present);
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
