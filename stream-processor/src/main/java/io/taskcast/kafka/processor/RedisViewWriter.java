package io.taskcast.kafka.processor;

import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.platform.redis.RedisUnavailableException;
import io.taskcast.kafka.platform.redis.ViewChange;
import io.taskcast.kafka.processor.topology.ViewWriter;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;
import org.apache.kafka.streams.KafkaClientSupplier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the processor's changes to the Redis view that the API and gateways read. The changes a
 * stream thread makes while its Kafka transaction is open are collected, and written in one Redis
 * transaction (one round trip) just before that Kafka transaction commits: the producers of
 * {@link #clientSupplier()} call {@link #flush()} when Kafka Streams flushes them to commit. So the
 * view still holds every change before any reader of the topics sees it (architecture invariant 4),
 * at one round trip per commit instead of one per command.
 */
public final class RedisViewWriter implements ViewWriter {

    /** How often a flush looks for a rebuilt view, and how long it waits before it fails its commit. */
    private static final Duration LOST_VIEW_POLL = Duration.ofMillis(100);
    static final Duration LOST_VIEW_WAIT = Duration.ofSeconds(5);

    private final RedisTaskViews views;
    /** Per stream thread: each thread has its own producer, transaction and pending changes. */
    private final ThreadLocal<List<ViewChange>> pending = ThreadLocal.withInitial(ArrayList::new);

    public RedisViewWriter(RedisTaskViews views) {
        this.views = views;
    }

    @Override
    public void write(Task task, List<EventRecord> events) {
        pending.get().add(new ViewChange(task, events));
    }

    /** Cleanups read the view, so what is pending is written first; they are rare and run at once. */
    @Override
    public void cleanUp(TaskCleanup cleanup) {
        flush();
        views.cleanUp(cleanup);
    }

    /**
     * Writes what the calling thread collected. A failure propagates: the commit fails, its
     * transaction is aborted and the commands are processed again, rewriting the same changes.
     * While the view is lost (Redis restarted empty) and being rebuilt, the write is retried for up
     * to {@link #LOST_VIEW_WAIT}, so the changes follow the rebuilt view instead of a hole in it.
     */
    public void flush() {
        List<ViewChange> changes = pending.get();
        if (changes.isEmpty()) {
            return;
        }
        try {
            applyOnceTheViewIsThere(changes);
        } finally {
            changes.clear();
        }
    }

    private void applyOnceTheViewIsThere(List<ViewChange> changes) {
        long deadline = System.nanoTime() + LOST_VIEW_WAIT.toNanos();
        while (true) {
            try {
                views.applyAll(changes);
                return;
            } catch (RedisUnavailableException e) {
                if (!e.viewLost() || System.nanoTime() > deadline) {
                    throw e;
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(LOST_VIEW_POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Redis view to be rebuilt", e);
        }
    }

    /** Forgets what the calling thread collected: its transaction was aborted and will be redone. */
    public void discard() {
        pending.get().clear();
    }

    /** The Kafka clients the processor must run with, so that each commit writes the view first. */
    public KafkaClientSupplier clientSupplier() {
        return new ViewFlushingClientSupplier(this::flush, this::discard);
    }
}
