package io.taskcast.kafka.processor.replay;

import io.taskcast.kafka.platform.postgres.ArchiveWrites;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.processor.engine.Cleanups;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.cleanup.CleanupRule;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;
import io.taskcast.kafka.schemas.topic.Headers;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Rebuilds the Redis view and/or the Postgres archive from {@code taskcast-tasks} and
 * {@code taskcast-events} (architecture invariant 7). It reads with its own throwaway consumer (no
 * group, read_committed) up to the end offsets captured at start, first every task snapshot (the
 * topic is compacted: the latest per task), then the events window in log order, handing each poll's
 * records, grouped by task, to the views' own idempotent writers. So it may run while the system
 * serves traffic: what it writes is what the processor and archiver wrote, or older state they
 * refuse.
 */
public final class ViewReplayer {

    private static final Logger log = LoggerFactory.getLogger(ViewReplayer.class);

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final List<ViewSink> sinks;
    private final Cleanups cleanups;
    private final Clock clock;

    private ViewReplayer(Supplier<Consumer<String, byte[]>> consumers, List<ViewSink> sinks, Cleanups cleanups,
                         Clock clock) {
        this.consumers = consumers;
        this.sinks = sinks;
        this.cleanups = cleanups;
        this.clock = clock;
    }

    /** Without configured cleanup rules (a task's own rules still apply). */
    public static ViewReplayer of(Supplier<Consumer<String, byte[]>> consumers, RedisTaskViews redis,
                                  Duration terminalRetention, ArchiveWrites postgres, Clock clock) {
        return of(consumers, redis, terminalRetention, postgres, Cleanups.none(), clock);
    }

    /**
     * @param redis    null unless the target includes Redis
     * @param postgres null unless the target includes Postgres
     * @param terminalRetention the processor's hot retention of terminal tasks; null = forever
     * @param cleanups the cleanup rules of configuration, as the processor has them
     */
    public static ViewReplayer of(Supplier<Consumer<String, byte[]>> consumers, RedisTaskViews redis,
                                  Duration terminalRetention, ArchiveWrites postgres, Cleanups cleanups, Clock clock) {
        List<ViewSink> sinks = new ArrayList<>();
        if (redis != null) {
            sinks.add(new RedisReplaySink(redis, terminalRetention, clock));
        }
        if (postgres != null) {
            sinks.add(new PostgresReplaySink(postgres));
        }
        return new ViewReplayer(consumers, List.copyOf(sinks), cleanups, clock);
    }

    /** A consumer that belongs to no group and commits nothing: replay leaves no trace in Kafka. */
    public static Map<String, Object> consumerConfig(String bootstrapServers) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    public ReplaySummary replay(ReplayRequest request, ReplayProgress.Factory progressFactory) {
        long started = clock.millis();
        Topics topics = request.topics();
        Counts counts = new Counts();
        try (Consumer<String, byte[]> consumer = consumers.get()) {
            // Snapshots from the beginning whatever --since says: an event in the window needs its task.
            LogRange tasksRange = LogRange.capture(consumer, topics.tasks().name(), null, request.taskId());
            LogRange eventsRange = LogRange.capture(consumer, topics.events().name(), request.since(), request.taskId());
            long tasksSize = tasksRange.size();
            try (ReplayProgress progress = progressFactory.start(tasksSize + eventsRange.size())) {
                Snapshots snapshots = new Snapshots();
                tasksRange.read(consumer, batch -> snapshots.add(batch, request, topics, counts), progress::advanceTo);
                List<Task> inWindow = snapshots.inWindow();
                sinks.forEach(sink -> sink.snapshots(inWindow, snapshots.imported(), snapshots.released()));
                Set<String> withEvents = new HashSet<>();
                eventsRange.read(consumer, batch -> writeEvents(batch, request, snapshots, withEvents, counts),
                        done -> progress.advanceTo(tasksSize + done));
                List<Task> withoutEvents = inWindow.stream().filter(t -> !withEvents.contains(t.id())).toList();
                sinks.forEach(sink -> sink.snapshotsWithoutEvents(withoutEvents));
                withEvents.addAll(inWindow.stream().map(Task::id).toList());
                counts.tasks = withEvents.size();
                applyDueCleanups(withEvents, snapshots);
            }
        }
        return new ReplaySummary(counts.read, counts.tasks, counts.events, counts.skipped,
                Duration.ofMillis(clock.millis() - started));
    }

    /**
     * The log still holds events that due cleanup rules removed from the views (only a removed
     * task's snapshot leaves it, as a tombstone), so replay applies the rules that are due now, with
     * the processor's own selection, to every task it rebuilt.
     */
    private void applyDueCleanups(Set<String> taskIds, Snapshots snapshots) {
        long now = clock.millis();
        for (String taskId : taskIds) {
            Task task = snapshots.latest(taskId);
            if (task == null || !task.status().isTerminal()) {
                continue;
            }
            List<CleanupRule> due = cleanups.matching(task).stream().filter(rule -> rule.dueAt(task) <= now).toList();
            if (!due.isEmpty()) {
                TaskCleanup cleanup = TaskCleanup.of(task, due);
                sinks.forEach(sink -> sink.cleanUp(cleanup));
            }
        }
    }

    /**
     * Writes one poll's events, grouped by task. What an import superseded is left out: a record of
     * a lower generation than the task's latest snapshot carries (Headers#GENERATION). Where the
     * task's latest import starts (an events record without value, Headers#IMPORTED), what came
     * before is written first and the views drop the task's earlier history, each unless it holds
     * this import already (then it may also hold what the processor wrote after the replay began).
     */
    private void writeEvents(List<ConsumerRecord<String, byte[]>> batch, ReplayRequest request, Snapshots snapshots,
                             Set<String> withEvents, Counts counts) {
        Map<String, List<EventRecord>> byId = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            if (!request.includes(record.key())) {
                continue;
            }
            Long latest = snapshots.generation(record.key());
            Long generation = Headers.longValue(record.headers(), Headers.GENERATION);
            boolean superseded = latest != null && (generation == null || generation < latest);
            if (record.value() == null) {
                Long imported = Headers.longValue(record.headers(), Headers.IMPORTED);
                if (imported != null && !superseded && snapshots.latest(record.key()) != null) {
                    write(byId, snapshots, withEvents, counts);
                    byId.clear();
                    sinks.forEach(sink -> sink.importStarts(record.key(), imported));
                }
                continue;
            }
            if (superseded) {
                continue;
            }
            counts.read++;
            EventRecord event = parse(record, () -> request.topics().events().valueSerde().deserializer()
                    .deserialize(record.topic(), record.value()), counts);
            if (event == null) {
                continue;
            }
            if (snapshots.latest(record.key()) == null) {
                // Committed after the snapshot end was captured; the processor writes it anyway.
                counts.skipped++;
                continue;
            }
            byId.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(event);
        }
        write(byId, snapshots, withEvents, counts);
    }

    private void write(Map<String, List<EventRecord>> byId, Snapshots snapshots, Set<String> withEvents,
                       Counts counts) {
        if (byId.isEmpty()) {
            return;
        }
        Map<Task, List<EventRecord>> byTask = new LinkedHashMap<>();
        byId.forEach((id, events) -> byTask.put(snapshots.latest(id), events));
        long written = 0;
        for (ViewSink sink : sinks) {
            written = Math.max(written, sink.events(byTask));
        }
        counts.events += written;
        withEvents.addAll(byId.keySet());
    }

    private static <T> T parse(ConsumerRecord<String, byte[]> record, Supplier<T> parser, Counts counts) {
        try {
            return parser.get();
        } catch (SerializationException | IllegalArgumentException e) {
            log.error("Replay skips unparsable record {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            counts.skipped++;
            return null;
        }
    }

    /** The latest snapshot of every task, and which of them changed inside the window. */
    private static final class Snapshots {
        private final Map<String, Task> latest = new HashMap<>();
        private final Map<String, Task> inWindow = new LinkedHashMap<>();
        private final Set<String> imported = new HashSet<>();
        private final Set<String> released = new HashSet<>();
        private final Map<String, Long> generations = new HashMap<>();

        void add(List<ConsumerRecord<String, byte[]>> batch, ReplayRequest request, Topics topics, Counts counts) {
            for (ConsumerRecord<String, byte[]> record : batch) {
                if (!request.includes(record.key())) {
                    continue;
                }
                if (record.value() == null) {
                    latest.remove(record.key());
                    inWindow.remove(record.key());
                    imported.remove(record.key());
                    released.remove(record.key());
                    generations.remove(record.key());
                    continue;
                }
                counts.read++;
                Task task = parse(record, () -> topics.tasks().valueSerde().deserializer()
                        .deserialize(record.topic(), record.value()), counts);
                if (task == null) {
                    continue;
                }
                latest.put(record.key(), task);
                mark(imported, record, Headers.IMPORTED);
                mark(released, record, Headers.RELEASED);
                Long generation = Headers.longValue(record.headers(), Headers.GENERATION);
                if (generation == null) {
                    generations.remove(record.key());
                } else {
                    generations.put(record.key(), generation);
                }
                inWindow.remove(record.key());
                if (request.inWindow(record.timestamp())) {
                    inWindow.put(record.key(), task);
                }
            }
        }

        private static void mark(Set<String> ids, ConsumerRecord<String, byte[]> record, String header) {
            if (record.headers().lastHeader(header) != null) {
                ids.add(record.key());
            } else {
                ids.remove(record.key());
            }
        }

        /** The generation of the task's last import, as its latest snapshot says; null if never imported. */
        Long generation(String taskId) {
            return generations.get(taskId);
        }

        /** Tasks released from hot storage: their latest snapshot says so. */
        Set<String> released() {
            return Set.copyOf(released);
        }

        /** Tasks whose latest snapshot an import wrote. */
        Set<String> imported() {
            return Set.copyOf(imported);
        }

        Task latest(String taskId) {
            return latest.get(taskId);
        }

        List<Task> inWindow() {
            return List.copyOf(inWindow.values());
        }
    }

    private static final class Counts {
        long read;
        long tasks;
        long events;
        long skipped;
    }
}
