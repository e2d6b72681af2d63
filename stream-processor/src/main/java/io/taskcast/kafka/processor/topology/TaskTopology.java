package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.processor.engine.Cleanups;
import io.taskcast.kafka.processor.engine.TaskState;
import io.taskcast.kafka.processor.engine.WebhookFanout;
import io.taskcast.kafka.processor.workers.PoolStage;
import io.taskcast.kafka.schemas.json.JsonSerde;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;

/**
 * The processor's topology, built by one pure factory that production and tests share:
 * commands → handler (state machine, store) → view stage (Redis) → events / tasks / replies, with
 * a dead-letter sink for records that are not valid commands.
 */
public final class TaskTopology {

    public static final String SOURCE = "commands-source";
    public static final String HANDLER = "command-handler";
    public static final String VIEW_WRITER = "view-writer";
    public static final String EVENTS_SINK = "events-sink";
    public static final String TASKS_SINK = "tasks-sink";
    public static final String DELIVERIES_SINK = "webhook-deliveries-sink";
    public static final String REPLIES_SINK = "replies-sink";
    public static final String DLQ_SINK = "commands-dlq-sink";
    public static final String TIMERS_SINK = "timers-sink";
    /** Where the task stage tells the worker pool stage of assignable tasks (docs/workers.md). */
    public static final String POOL_SINK = "pool-sink";
    public static final String STATE_STORE = "task-state";
    public static final String TIMER_STORE = "task-timers";
    public static final String SEEN_COMMANDS_STORE = "seen-commands";
    /**
     * How long, in record time, a command's id is remembered so that a second copy is skipped. The
     * copies an idempotent producer can write carry the same timestamp; ten minutes is a margin.
     */
    public static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(10);
    /** How often the wall clock looks for due timers by default. */
    public static final Duration DEFAULT_TIMER_INTERVAL = Duration.ofSeconds(1);

    private TaskTopology() {
    }

    public static Topology build(Topics topics, ViewWriter views) {
        return build(topics, views, DEFAULT_TIMER_INTERVAL);
    }

    /** @param timerInterval how often the wall clock looks for due TTL and resume timers */
    public static Topology build(Topics topics, ViewWriter views, Duration timerInterval) {
        return build(topics, views, timerInterval, Cleanups.none(), WebhookFanout.none());
    }

    /**
     * @param timerInterval how often the wall clock looks for due timers (TTL, resume, cleanup)
     * @param cleanups      the cleanup rules of configuration, applied after each task's own
     * @param fanout        the webhooks of configuration, sent every task's events after its own
     */
    public static Topology build(Topics topics, ViewWriter views, Duration timerInterval, Cleanups cleanups,
                                 WebhookFanout fanout) {
        return build(topics, views, timerInterval, cleanups, fanout, CommandMeters.none());
    }

    /** @param meters told the outcome of every record of the commands topic */
    public static Topology build(Topics topics, ViewWriter views, Duration timerInterval, Cleanups cleanups,
                                 WebhookFanout fanout, CommandMeters meters) {
        return build(topics, views, timerInterval, cleanups, fanout, meters, HookDispatcher.none());
    }

    /** @param hooks told of tasks that fail or time out (at least once: a retried transaction tells again) */
    public static Topology build(Topics topics, ViewWriter views, Duration timerInterval, Cleanups cleanups,
                                 WebhookFanout fanout, CommandMeters meters, HookDispatcher hooks) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.commands().name());
        topology.addProcessor(HANDLER, () -> new CommandHandler(timerInterval, cleanups, fanout, meters), SOURCE);
        // Cached: a task's state is read and written by every command of it, so reads of busy tasks
        // skip RocksDB and its changelog gets one record per task and commit instead of per command.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE),
                Serdes.String(), new JsonSerde<>(TaskState.class)).withCachingEnabled(), HANDLER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMER_STORE),
                Serdes.String(), Serdes.String()).withCachingEnabled(), HANDLER);
        topology.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(SEEN_COMMANDS_STORE,
                DUPLICATE_WINDOW, Duration.ofMillis(1), false), Serdes.String(), Serdes.Long()), HANDLER);
        topology.addSink(TIMERS_SINK, topics.commands().name(), new StringSerializer(),
                topics.commands().valueSerde().serializer(), HANDLER);
        topology.addProcessor(VIEW_WRITER, () -> new ViewStage(views, new StatusHooks(hooks)), HANDLER);
        topology.addSink(EVENTS_SINK, topics.events().name(), new StringSerializer(),
                topics.events().valueSerde().serializer(), VIEW_WRITER);
        topology.addSink(TASKS_SINK, topics.tasks().name(), new StringSerializer(),
                topics.tasks().valueSerde().serializer(), VIEW_WRITER);
        topology.addSink(DELIVERIES_SINK, topics.webhookDeliveries().name(), new StringSerializer(),
                topics.webhookDeliveries().valueSerde().serializer(), VIEW_WRITER);
        topology.addSink(REPLIES_SINK, topics.commandResults().name(), new StringSerializer(), Reply.serializer(),
                Reply.partitioner(), HANDLER, VIEW_WRITER);
        topology.addSink(POOL_SINK, topics.workerNews().name(), new StringSerializer(),
                topics.workerNews().valueSerde().serializer(), HANDLER, VIEW_WRITER);
        addPoolStage(topology, topics);
        topology.addSink(DLQ_SINK, topics.commandsDlq().name(), new StringSerializer(), new ByteArraySerializer(),
                HANDLER, PoolStage.NAME);
        return topology;
    }

    /** The worker pool stage: workers' slots, pending tasks and waits, keyed by pool (docs/workers.md). */
    private static void addPoolStage(Topology topology, Topics topics) {
        topology.addSource(PoolStage.SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                topics.workers().name(), topics.workerNews().name());
        topology.addProcessor(PoolStage.NAME, () -> new PoolStage(DLQ_SINK), PoolStage.SOURCE);
        topology.addStateStore(PoolStage.store(), PoolStage.NAME);
        topology.addSink(PoolStage.COMMANDS_SINK, topics.commands().name(), new StringSerializer(),
                topics.commands().valueSerde().serializer(), PoolStage.NAME);
        topology.addSink(PoolStage.REPLIES_SINK, topics.commandResults().name(), new StringSerializer(),
                PoolStage.answerSerializer(), PoolStage.answerPartitioner(), PoolStage.NAME);
        topology.addSink(PoolStage.TICKS_SINK, topics.workerNews().name(), new StringSerializer(),
                topics.workerNews().valueSerde().serializer(), PoolStage.NAME);
    }
}
