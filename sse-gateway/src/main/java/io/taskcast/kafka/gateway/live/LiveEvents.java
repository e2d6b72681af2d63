package io.taskcast.kafka.gateway.live;

import io.taskcast.kafka.platform.hooks.EventDropped;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.kafka.KafkaClientConfigs;
import io.taskcast.kafka.platform.metrics.KafkaMeters;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.topic.TopicSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one reader of the events topic in this gateway instance (architecture.md, "Scale"): it
 * assigns itself every partition, without a consumer group, starting at the end, and hands the
 * first copy of each event to {@link LiveListeners}. It reads uncommitted, so an event reaches the
 * streams as soon as the processor has written it and the view holds it, not at the processor's
 * commit; an event of an aborted transaction is written again identically, and {@link FirstCopies}
 * drops that second copy (docs/fast-path.md). Start returns only once the consumer is positioned,
 * so a stream opened afterwards cannot miss an event that Redis does not hold yet. Every open stream
 * of the instance waits on this one thread, so a failed poll is logged and retried with backoff,
 * never allowed to end it.
 */
public final class LiveEvents implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY = Duration.ofSeconds(10);

    private final Supplier<Consumer<String, EventRecord>> consumers;
    private final TopicSpec<String, EventRecord> topic;
    private final Duration pollTimeout;
    private final LiveListeners listeners;
    private final KafkaMeters meters;
    private final HookDispatcher hooks;
    private volatile Consumer<String, EventRecord> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile CountDownLatch stopping = new CountDownLatch(0);
    /** Touched by the reader thread only. */
    private final FirstCopies firstCopies = new FirstCopies();

    public LiveEvents(String bootstrapServers, TopicSpec<String, EventRecord> topic, Duration pollTimeout,
                      LiveListeners listeners) {
        this(bootstrapServers, topic, pollTimeout, listeners, KafkaMeters.none(), HookDispatcher.none());
    }

    /**
     * @param meters binds the live consumer's metrics (its lag behind the events topic among them)
     * @param hooks  told of records skipped because they cannot be read ({@code onEventDropped})
     */
    public LiveEvents(String bootstrapServers, TopicSpec<String, EventRecord> topic, Duration pollTimeout,
                      LiveListeners listeners, KafkaMeters meters, HookDispatcher hooks) {
        this(() -> new KafkaConsumer<>(config(bootstrapServers), new StringDeserializer(), topic.valueSerde().deserializer()),
                topic, pollTimeout, listeners, meters, hooks);
    }

    /** With {@code consumers} making the consumer (a test's). */
    LiveEvents(Supplier<Consumer<String, EventRecord>> consumers, TopicSpec<String, EventRecord> topic,
               Duration pollTimeout, LiveListeners listeners, KafkaMeters meters, HookDispatcher hooks) {
        this.consumers = consumers;
        this.hooks = hooks;
        this.meters = meters;
        this.topic = topic;
        this.pollTimeout = pollTimeout;
        this.listeners = listeners;
    }

    @Override
    public void start() {
        Consumer<String, EventRecord> created = meters.bind(consumers.get());
        List<TopicPartition> partitions = created.partitionsFor(topic.name()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        created.assign(partitions);
        created.seekToEnd(partitions);
        // position() resolves the lazy seek now, so "the end" is the end at start-up, not at the first poll.
        partitions.forEach(created::position);
        consumer = created;
        stopping = new CountDownLatch(1);
        running = true;
        thread = new Thread(this::pollLoop, "taskcast-gateway-live");
        thread.setDaemon(true);
        thread.start();
        log.info("Gateway reading {} partitions of {} live", partitions.size(), topic.name());
    }

    private static Map<String, Object> config(String bootstrapServers) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, KafkaClientConfigs.IDLE_FETCH_WAIT_MS,
                ConsumerConfig.CLIENT_ID_CONFIG, "taskcast-gateway-live");
    }

    private void pollLoop() {
        Duration retry = FIRST_RETRY;
        try {
            while (running) {
                try {
                    pollOnce();
                    retry = FIRST_RETRY;
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    log.error("Gateway live reader could not poll {}; open streams get nothing until it can. "
                            + "Retrying in {} ms", topic.name(), retry.toMillis(), e);
                    if (stopping.await(retry.toMillis(), TimeUnit.MILLISECONDS)) {
                        break;
                    }
                    retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (WakeupException e) {
            // stop() woke the consumer up; closing below
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void pollOnce() {
        try {
            for (ConsumerRecord<String, EventRecord> record : consumer.poll(pollTimeout)) {
                if (record.value() != null && firstCopies.first(record.value().event())) {
                    listeners.dispatch(record.value());
                }
            }
        } catch (RecordDeserializationException e) {
            // A bad record is the processor's DLQ concern; streams skip it rather than stop for everyone.
            log.warn("Skipping unreadable record at {}-{}: {}", e.topicPartition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
            hooks.eventDropped(new EventDropped(null, null, -1, null, EventDropped.Reason.UNREADABLE_RECORD,
                    "record " + e.topicPartition() + "@" + e.offset() + " skipped by this gateway's live streams"));
        }
    }

    @Override
    public void stop() {
        running = false;
        stopping.countDown();
        Consumer<String, EventRecord> current = consumer;
        Thread poller = thread;
        if (current == null || poller == null) {
            return;
        }
        current.wakeup();
        try {
            poller.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
        consumer = null;
    }

    /** Before the web server (which starts in a later phase), so no stream is served without live events. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Second copies of events dropped so far (each the sign of a processor transaction aborted after its events were read). */
    public long copiesDropped() {
        return firstCopies.dropped();
    }

    /** Whether the reading thread is alive; {@link #isRunning()} only says it was started and not stopped. */
    boolean readerAlive() {
        Thread poller = thread;
        return poller != null && poller.isAlive();
    }
}
