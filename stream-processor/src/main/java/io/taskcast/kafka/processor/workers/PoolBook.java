package io.taskcast.kafka.processor.workers;

import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.json.Json;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One pool as the pool stage keeps it (docs/workers.md): its workers ({@link PoolState}), the
 * pending tasks in line, and the waits. Mutable and owned by one stage instance, so that a message
 * costs what it changes, not what the pool holds; it remembers what changed until {@link #flush}
 * writes it to the store, one entry per worker ({@code <pool>|w|<id>}), pending task
 * ({@code <pool>|t|<id>}) and wait ({@code <pool>|p|<id>}), plus the line counter
 * ({@code <pool>|s|}), each JSON. {@link #load} reads the store back after a restart.
 */
final class PoolBook {

    private static final char SEP = '|';

    private PoolState workers = PoolState.EMPTY;
    private PoolState workersWritten = PoolState.EMPTY;
    private final Map<String, Pending> pending = new HashMap<>();
    /** The pending tasks by their place in line. */
    private final TreeMap<Long, String> line = new TreeMap<>();
    private final Map<String, Poll> polls = new TreeMap<>();
    private long sequence;
    private final Set<String> changedPending = new HashSet<>();
    private final Set<String> changedPolls = new HashSet<>();
    private boolean sequenceChanged;

    /**
     * A pending task workers may be given.
     *
     * @param since     its place in line
     * @param offeredTo the poll an assignment of it is on its way for, or null
     */
    record Pending(Task task, long since, String offeredTo) {

        Pending offered(String pollId) {
            return new Pending(task, since, pollId);
        }
    }

    /**
     * A worker's wait for one task, and where its answer goes.
     *
     * @param until          the API's deadline (epoch ms); past it nothing is given to the poll
     * @param correlationId  the reply header the API waits on
     * @param replyTopic     the results topic the API reads
     * @param replyPartition its partition, 4 bytes big-endian
     * @param taskId         the task on its way for it (an {@code assign} the task stage has not
     *                       answered yet) or, for a leased wait, the task set aside for it; null
     *                       while it waits
     * @param refused        tasks the task stage refused for it, not given to it again
     * @param leased         its worker's free slots are held for it and the API assigns it a task
     *                       itself; the pool gives it nothing
     */
    record Poll(String pollId, String workerId, long until, byte[] correlationId, byte[] replyTopic,
                byte[] replyPartition, String taskId, Set<String> refused, boolean leased) {

        Poll {
            refused = refused == null ? Set.of() : Set.copyOf(refused);
        }

        /** It waits for the pool to give it a task. */
        boolean waiting() {
            return taskId == null && !leased;
        }

        Poll given(String task) {
            return new Poll(pollId, workerId, until, correlationId, replyTopic, replyPartition, task, refused, false);
        }

        /** Leased, with {@code offered} set aside for it (null: none). */
        Poll leased(String offered) {
            return new Poll(pollId, workerId, until, correlationId, replyTopic, replyPartition, offered, refused,
                    true);
        }

        Poll refusedOnce() {
            Set<String> more = new HashSet<>(refused);
            more.add(taskId);
            return new Poll(pollId, workerId, until, correlationId, replyTopic, replyPartition, null, more, false);
        }
    }

    PoolState workers() {
        return workers;
    }

    void workers(PoolState next) {
        workers = next;
    }

    Pending pending(String taskId) {
        return pending.get(taskId);
    }

    /**
     * The pending tasks, first in line first, read as they are walked (a caller that finds its
     * task stops early); updating a task's entry while walking is fine, adding or removing one is not.
     */
    Iterable<Pending> inLine() {
        return () -> line.values().stream().map(pending::get).iterator();
    }

    /** Puts the task in line (last, when new) or updates it in its place. */
    Pending keepPending(Task task) {
        Pending known = pending.get(task.id());
        Pending next = known == null ? new Pending(task, sequence++, null)
                : new Pending(task, known.since(), known.offeredTo());
        sequenceChanged |= known == null;
        put(next);
        return next;
    }

    void put(Pending p) {
        Pending before = pending.put(p.task().id(), p);
        if (before != null && before.since() != p.since()) {
            line.remove(before.since());
        }
        line.put(p.since(), p.task().id());
        changedPending.add(p.task().id());
    }

    void removePending(String taskId) {
        Pending before = pending.remove(taskId);
        if (before != null) {
            line.remove(before.since());
            changedPending.add(taskId);
        }
    }

    Poll poll(String pollId) {
        return polls.get(pollId);
    }

    Collection<Poll> polls() {
        return List.copyOf(polls.values());
    }

    void put(Poll poll) {
        polls.put(poll.pollId(), poll);
        changedPolls.add(poll.pollId());
    }

    void removePoll(String pollId) {
        if (polls.remove(pollId) != null) {
            changedPolls.add(pollId);
        }
    }

    /** Writes what changed since the last flush (or load) under {@code pool}'s keys. */
    void flush(KeyValueStore<String, byte[]> store, String pool) {
        for (Map.Entry<String, PoolState.PoolWorker> e : workers.workers().entrySet()) {
            if (workersWritten.workers().get(e.getKey()) != e.getValue()) {
                store.put(key(pool, 'w', e.getKey()), Json.toBytes(e.getValue()));
            }
        }
        for (String id : workersWritten.workers().keySet()) {
            if (!workers.workers().containsKey(id)) {
                store.delete(key(pool, 'w', id));
            }
        }
        workersWritten = workers;
        for (String id : changedPending) {
            Pending p = pending.get(id);
            writeOrDelete(store, key(pool, 't', id), p);
        }
        for (String id : changedPolls) {
            writeOrDelete(store, key(pool, 'p', id), polls.get(id));
        }
        if (sequenceChanged) {
            store.put(key(pool, 's', ""), Json.toBytes(sequence));
        }
        changedPending.clear();
        changedPolls.clear();
        sequenceChanged = false;
    }

    private static void writeOrDelete(KeyValueStore<String, byte[]> store, String key, Object value) {
        if (value == null) {
            store.delete(key);
        } else {
            store.put(key, Json.toBytes(value));
        }
    }

    private static String key(String pool, char kind, String id) {
        return pool + SEP + kind + SEP + id;
    }

    /** Every pool the store holds, as written. */
    static Map<String, PoolBook> load(KeyValueStore<String, byte[]> store) {
        Map<String, PoolBook> books = new HashMap<>();
        Map<String, Map<String, PoolState.PoolWorker>> workers = new HashMap<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                String[] key = entry.key.split("\\|", 3);
                PoolBook book = books.computeIfAbsent(key[0], p -> new PoolBook());
                switch (key[1]) {
                    case "w" -> workers.computeIfAbsent(key[0], p -> new HashMap<>()).put(key[2],
                            Json.fromBytes(entry.value, PoolState.PoolWorker.class));
                    case "t" -> {
                        Pending p = Json.fromBytes(entry.value, Pending.class);
                        book.pending.put(key[2], p);
                        book.line.put(p.since(), key[2]);
                    }
                    case "p" -> book.polls.put(key[2], Json.fromBytes(entry.value, Poll.class));
                    case "s" -> book.sequence = Json.fromBytes(entry.value, Long.class);
                    default -> throw new IllegalStateException("unknown pool store entry " + entry.key);
                }
            }
        }
        workers.forEach((pool, map) -> {
            PoolBook book = books.get(pool);
            book.workers = new PoolState(map);
            book.workersWritten = book.workers;
        });
        return books;
    }
}
