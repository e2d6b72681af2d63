package io.taskcast.kafka.processor;

import io.taskcast.kafka.platform.redis.ViewMarker;
import io.taskcast.kafka.processor.replay.ReplayProgress;
import io.taskcast.kafka.processor.replay.ReplayRequest;
import io.taskcast.kafka.processor.replay.ReplaySummary;
import io.taskcast.kafka.processor.replay.ReplayTarget;
import io.taskcast.kafka.processor.replay.ViewReplayer;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Rebuilds the Redis view by itself when Redis lost it (restarted empty, flushed): the view marker
 * is then missing, readers answer 503 and the processor's view writes wait (see RedisViewWriter).
 * One processor claims the rebuild, replays the log into Redis as {@code taskcast replay} does, and
 * sets the marker again; a view lost again meanwhile takes the claim with it, so it is rebuilt anew.
 *
 * <p>Before reading the log it waits the processor's transaction timeout: a transaction whose view
 * write passed the marker check just before the loss may commit after it, and by then every such
 * transaction has committed or been aborted. No other view change commits while the marker is
 * missing, so the log read to its end then holds exactly the view to restore.
 */
final class LostViewRebuilder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LostViewRebuilder.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private static final Duration CLAIM = Duration.ofSeconds(30);
    private static final Duration EXTEND_EVERY = Duration.ofSeconds(10);

    private final ViewMarker marker;
    private final ViewReplayer replayer;
    private final Topics topics;
    private final Supplier<Consumer<String, byte[]>> uncommittedReader;
    private final Duration transactionTimeout;
    private final String token = UUID.randomUUID().toString();
    private volatile ScheduledExecutorService executor;
    /** Only the first of a run of failed checks is a warning: Redis down fails one every second. */
    private boolean failing;

    /**
     * @param replayer           writes unguarded views of Redis
     * @param uncommittedReader  consumers reading uncommitted records, to tell an empty log
     * @param transactionTimeout the processor's producer transaction timeout
     */
    public LostViewRebuilder(ViewMarker marker, ViewReplayer replayer, Topics topics,
                             Supplier<Consumer<String, byte[]>> uncommittedReader, Duration transactionTimeout) {
        this.marker = marker;
        this.replayer = replayer;
        this.topics = topics;
        this.uncommittedReader = uncommittedReader;
        this.transactionTimeout = transactionTimeout;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "taskcast-view-rebuilder");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::check, 0, CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** Before the processor starts, whose first view writes wait for the marker; after it stops. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1;
    }

    void check() {
        try {
            if (!marker.present() && marker.claim(token, CLAIM)) {
                rebuild();
            }
            failing = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("Could not check or rebuild the Redis view (trying again every {} s): {}",
                        CHECK_EVERY.toSeconds(), e.toString());
            }
            failing = true;
        }
    }

    private void rebuild() throws InterruptedException {
        boolean empty = logIsEmpty();
        if (!empty) {
            log.warn("Redis view lost: {} is missing (Redis restarted empty or was flushed). Rebuilding it from the"
                    + " Kafka log in {} s, once transactions open before the loss are settled; until then reads"
                    + " answer 503 and view writes wait", marker.key(), transactionTimeout.toSeconds());
            Thread.sleep(transactionTimeout.toMillis());
        }
        ReplaySummary summary = replayer.replay(new ReplayRequest(topics, ReplayTarget.REDIS, null, null),
                total -> new ClaimKeeper());
        if (!marker.markBuilt(token, "rebuilt by " + token)) {
            log.warn("Redis lost the view again while it was being rebuilt; rebuilding it again");
        } else if (empty) {
            log.info("Redis view of an empty log marked as built ({})", marker.key());
        } else {
            log.info("Redis view rebuilt from the Kafka log; reads and view writes resume ({})", summary.line());
        }
    }

    /** Never written to = nothing to rebuild, and no transaction can be open on it. */
    private boolean logIsEmpty() {
        try (Consumer<String, byte[]> consumer = uncommittedReader.get()) {
            for (String topic : List.of(topics.tasks().name(), topics.events().name())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
                if (partitions.stream().anyMatch(p -> !ends.get(p).equals(starts.get(p)))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Keeps the claim while a long rebuild runs. */
    private final class ClaimKeeper implements ReplayProgress {
        private long extendedAt = System.nanoTime();

        @Override
        public void advanceTo(long done) {
            if (System.nanoTime() - extendedAt > EXTEND_EVERY.toNanos()) {
                marker.extend(token, CLAIM);
                extendedAt = System.nanoTime();
            }
        }

        @Override
        public void close() {
        }
    }
}
