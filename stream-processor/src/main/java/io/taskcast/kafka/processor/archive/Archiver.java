package io.taskcast.kafka.processor.archive;

import io.taskcast.kafka.platform.health.DependencyCheck;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.kafka.ConsumerLoop;
import io.taskcast.kafka.platform.postgres.ArchiveCleanup;
import io.taskcast.kafka.platform.postgres.ArchiveWrites;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Copies {@code taskcast-tasks} and {@code taskcast-events} into the Postgres archive, in its own
 * consumer group. Offsets are committed only after a batch is written, and every write is
 * idempotent, so redelivery after a crash or rebalance changes nothing. While Postgres is down the
 * archiver rewinds to the unwritten batch and retries with backoff: it falls behind, loses nothing,
 * and stalls nothing else. Its thread is a {@link ConsumerLoop}: any other failure (a Kafka error,
 * a failed commit) is retried the same way from the batch in hand, and readiness shows it.
 */
public final class Archiver implements SmartLifecycle, ConsumerLoop.Body<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(Archiver.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration HOLD_BACK_PAUSE = Duration.ofMillis(100);

    private final Topics topics;
    private final ArchiveWrites writes;
    private final ArchiverProperties properties;
    private final ArchiveCleanup cleanups;
    private final CleanupBarrier barrier;
    private final ConsumerLoop<String, byte[]> loop;
    /** Whether the last batch held a cleanup back; only the archiver thread touches it. */
    private boolean heldBack;
    /** The batch being archived, until its offsets are committed; only the archiver thread touches it. */
    private ConsumerRecords<String, byte[]> inHand;
    private Duration backoff;
    private int failures;

    public Archiver(Supplier<Consumer<String, byte[]>> consumers, Topics topics, ArchiveWrites writes,
                    ArchiveCleanup cleanups, ArchiverProperties properties) {
        this(consumers, topics, writes, cleanups, properties, ConsumerLoop.Settings.defaults(), HookDispatcher.none());
    }

    /** With the loop's settings (a test's fatal-failure handling) and the hooks told of its failures. */
    public Archiver(Supplier<Consumer<String, byte[]>> consumers, Topics topics, ArchiveWrites writes,
                    ArchiveCleanup cleanups, ArchiverProperties properties, ConsumerLoop.Settings loop,
                    HookDispatcher hooks) {
        this.topics = topics;
        this.writes = writes;
        this.cleanups = cleanups;
        this.properties = properties;
        this.barrier = new CleanupBarrier(topics.events().name());
        this.loop = new ConsumerLoop<>("archiver", "processor", consumers, POLL_TIMEOUT, this, loop, hooks);
    }

    @Override
    public synchronized void start() {
        backoff = properties.retryBackoff();
        failures = 0;
        inHand = null;
        loop.start();
    }

    @Override
    public synchronized void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    /** The archiver's consumer loop, as readiness sees it. */
    public DependencyCheck readiness() {
        return loop;
    }

    @Override
    public void open(Consumer<String, byte[]> consumer) {
        consumer.subscribe(List.of(topics.tasks().name(), topics.events().name()));
    }

    @Override
    public void handle(Consumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        inHand = records;
        ArchiveBatch batch = ArchiveBatch.of(records, topics);
        if (write(batch, records.count(), failures) && cleanUp(c, batch, failures)) {
            if (failures > 0) {
                log.info("Archiver writes to Postgres again after {} failed attempt(s); catching up", failures);
            }
            failures = 0;
            backoff = properties.retryBackoff();
            commit(c);
            inHand = null;
            if (!batch.cleanups().isEmpty() && heldBack) {
                // The cleanup is polled again at once; give the events it waits for a moment.
                loop.pause(HOLD_BACK_PAUSE);
            }
        } else {
            failures++;
            rewind(c);
            loop.pause(backoff);
            backoff = min(backoff.multipliedBy(2), properties.maxRetryBackoff());
        }
    }

    /** Any other failure (a Kafka error the loop retries): the next poll starts again at the batch in hand. */
    @Override
    public void failed(Consumer<String, byte[]> c, RuntimeException failure) {
        rewind(c);
    }

    private void rewind(Consumer<String, byte[]> c) {
        if (inHand != null) {
            ArchiveCursor.rewind(c, inHand);
            inHand = null;
        }
    }

    /** True when the batch is in Postgres; on failure logs why, with the stack trace only the first time. */
    private boolean write(ArchiveBatch batch, int count, int failuresSoFar) {
        try {
            writes.write(batch.tasks(), batch.events(), batch.imports()).block(WRITE_TIMEOUT);
            return true;
        } catch (RuntimeException e) {
            logWriteFailure(count, failuresSoFar, e);
            return false;
        }
    }

    /**
     * Applies the batch's cleanups in log order. One that must wait for its task's events (see
     * {@link CleanupBarrier}) is read again by the next poll, with everything after it in its
     * partition (rewritten idempotently), so nothing after it is committed before it is applied.
     */
    private boolean cleanUp(Consumer<String, byte[]> c, ArchiveBatch batch, int failuresSoFar) {
        barrier.retainOnly(c.assignment());
        Set<TopicPartition> held = new HashSet<>();
        heldBack = false;
        try {
            for (PendingCleanup pending : batch.cleanups()) {
                if (held.contains(pending.partition()) || !c.assignment().contains(pending.partition())) {
                    continue;
                }
                if (!barrier.passable(c, pending)) {
                    held.add(pending.partition());
                    heldBack = true;
                    c.seek(pending.partition(), pending.offset());
                    continue;
                }
                long removed = cleanups.apply(pending.cleanup()).block(WRITE_TIMEOUT);
                log.info("Archiver applied the cleanup of task {}: {}{} event row(s) removed", pending.cleanup().taskId(),
                        pending.cleanup().removesTask() ? "task removed, " : "", removed);
            }
            return true;
        } catch (RuntimeException e) {
            logWriteFailure(batch.cleanups().size(), failuresSoFar, e);
            return false;
        }
    }

    private static void logWriteFailure(int pending, int failuresSoFar, RuntimeException e) {
        String message = "Archiver cannot write to Postgres ({} record(s) pending, attempt {}); it retries and"
                + " nothing is lost: {}";
        if (failuresSoFar == 0) {
            log.warn(message, pending, failuresSoFar + 1, e.toString(), e);
        } else {
            log.warn(message, pending, failuresSoFar + 1, e.toString());
        }
    }

    /** A failed commit (the group rebalanced meanwhile) only means the batch is written again: harmless. */
    private static void commit(Consumer<String, byte[]> c) {
        try {
            c.commitSync();
        } catch (CommitFailedException | RebalanceInProgressException e) {
            log.info("Archiver offsets not committed ({}); the batch will be redelivered and rewritten idempotently",
                    e.getMessage());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
