package io.taskcast.kafka.gateway.live;

import io.taskcast.kafka.platform.hooks.EventDropped;
import io.taskcast.kafka.platform.health.DependencyCheck;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.kafka.ConsumerLoop;
import io.taskcast.kafka.platform.kafka.KafkaClientConfigs;
import io.taskcast.kafka.platform.metrics.KafkaMeters;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.topic.Headers;
import io.taskcast.kafka.schemas.topic.TopicSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one reader of the events topic in this gateway instance (architecture.md, "Scale"): it
 * assigns itself every partition, without a consumer group, starting at the end, and hands the
 * first copy of each event to {@link LiveListeners}. It reads uncommitted, so an event reaches the
 * streams as soon as the processor has written it and the view holds it, not at the processor's
 * commit; an event of an aborted transaction is written again identically, and {@link FirstCopies}
 * drops that second copy (docs/fast-path.md). Start returns only once the consumer is positioned,
 * so a stream opened afterwards cannot miss an event that Redis does not hold yet. Every open stream
 * of the instance waits on this one thread, a {@link ConsumerLoop}: a failed poll is logged and
 * retried with backoff, never allowed to end it, and readiness is down while it fails.
 */
public final class LiveEvents implements SmartLifecycle, ConsumerLoop.Body<String, EventRecord> {

    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);

    private final TopicSpec<String, EventRecord> topic;
    private final LiveListeners listeners;
    private final HookDispatcher hooks;
    private final ConsumerLoop<String, EventRecord> loop;
    /** Touched by the reader thread only. */
    private final FirstCopies firstCopies = new FirstCopies();

    public LiveEvents(String bootstrapServers, TopicSpec<String, EventRecord> topic, Duration pollTimeout,
                      LiveListeners listeners) {
        this(bootstrapServers, topic, pollTimeout, listeners, KafkaMeters.none(), HookDispatcher.none());
    }

    /**
     * @param meters binds the live consumer's metrics (its lag behind the events topic among them)
     * @param hooks  told of records skipped because they cannot be read ({@code onEventDropped}) and of failed polls
     */
    public LiveEvents(String bootstrapServers, TopicSpec<String, EventRecord> topic, Duration pollTimeout,
                      LiveListeners listeners, KafkaMeters meters, HookDispatcher hooks) {
        this(() -> meters.bind(new KafkaConsumer<>(config(bootstrapServers), new StringDeserializer(),
                        topic.valueSerde().deserializer())),
                topic, pollTimeout, listeners, hooks, ConsumerLoop.Settings.defaults());
    }

    /** With {@code consumers} making the consumer and the loop's settings (a test's). */
    LiveEvents(Supplier<Consumer<String, EventRecord>> consumers, TopicSpec<String, EventRecord> topic,
               Duration pollTimeout, LiveListeners listeners, HookDispatcher hooks, ConsumerLoop.Settings settings) {
        this.hooks = hooks;
        this.topic = topic;
        this.listeners = listeners;
        // Before the web server (which starts in a later phase), so no stream is served without live events.
        this.loop = new ConsumerLoop<>("gateway-live", "gateway", consumers, pollTimeout, this,
                settings.withPhase(SmartLifecycle.DEFAULT_PHASE - 4096), hooks);
    }

    @Override
    public void start() {
        loop.start();
    }

    /** Runs in {@link #start()}: "the end" is the end at start-up, so start returns only once the consumer is positioned. */
    @Override
    public void open(Consumer<String, EventRecord> consumer) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        ConsumerLoop.assignAtEnd(consumer, partitions);
        log.info("Gateway reading {} partitions of {} live", partitions.size(), topic.name());
    }

    private static Map<String, Object> config(String bootstrapServers) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, KafkaClientConfigs.IDLE_FETCH_WAIT_MS,
                ConsumerConfig.CLIENT_ID_CONFIG, "taskcast-gateway-live");
    }

    @Override
    public void handle(Consumer<String, EventRecord> consumer, ConsumerRecords<String, EventRecord> records) {
        for (ConsumerRecord<String, EventRecord> record : records) {
            if (record.headers().lastHeader(Headers.IMPORTED) != null) {
                // An import is not broadcast (taskcast-extras.md §6); the task's indexes start over.
                firstCopies.forget(record.key());
                continue;
            }
            if (record.value() != null && firstCopies.first(record.value().event())) {
                listeners.dispatch(record.value());
            }
        }
    }

    /** A bad record is the processor's DLQ concern; streams skip it rather than stop for everyone. */
    @Override
    public ConsumerRecords<String, EventRecord> poll(Consumer<String, EventRecord> consumer, Duration timeout) {
        return ConsumerLoop.pollSkippingUnreadable(consumer, timeout, e -> hooks.eventDropped(new EventDropped(null, null,
                -1, null, EventDropped.Reason.UNREADABLE_RECORD,
                "record " + e.topicPartition() + "@" + e.offset() + " skipped by this gateway's live streams")));
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public int getPhase() {
        return loop.getPhase();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    /** The live reader's loop, as readiness sees it. */
    public DependencyCheck readiness() {
        return loop;
    }

    /** Second copies of events dropped so far (each the sign of a processor transaction aborted after its events were read). */
    public long copiesDropped() {
        return firstCopies.dropped();
    }

    /** Whether the reading thread is alive; {@link #isRunning()} only says it was started and not stopped. */
    boolean readerAlive() {
        return loop.alive();
    }
}
