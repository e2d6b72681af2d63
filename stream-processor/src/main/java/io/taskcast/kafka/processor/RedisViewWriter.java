package io.taskcast.kafka.processor;

import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.platform.redis.RedisUnavailableException;
import io.taskcast.kafka.platform.redis.ViewChange;
import io.taskcast.kafka.platform.replies.LocalReplies;
import io.taskcast.kafka.processor.topology.ViewWriter;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;
import org.apache.kafka.streams.KafkaClientSupplier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the processor's changes to the Redis view that the API and gateways read. The changes a
 * stream thread makes are collected and written in one Redis transaction (one round trip) when the
 * records that announce them are about to leave: the clients of {@link #clientSupplier()} hold the
 * thread's output records and call {@link #flush()} before they send them, that is before each
 * poll for more commands and before a commit. So the view holds every change before any reader of
 * the topics, committed or not, sees it (docs/fast-path.md), at one round trip per poll instead of
 * one per command.
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
    public void write(ViewChange change) {
        pending.get().add(change);
    }

    /** Cleanups read the view, so what is pending is written first; they are rare and run at once. */
    @Override
    public void cleanUp(TaskCleanup cleanup) {
        flush();
        views.cleanUp(cleanup);
    }

    /** Like a cleanup, at once, after what is pending. */
    @Override
    public void release(String taskId) {
        flush();
        views.removeTask(taskId);
    }

    /**
     * Writes what the calling thread collected. A failure propagates and the changes stay
     * collected: the records that announce them are held until a later flush writes them (Kafka
     * Streams flushes a task it closes after a failure), or until the transaction is aborted and
     * the changes discarded, to be made again when the commands are processed again. While the
     * view is lost (Redis restarted empty) and being rebuilt, the write is retried for up to
     * {@link #LOST_VIEW_WAIT}, so the changes follow the rebuilt view instead of a hole in it.
     */
    public void flush() {
        List<ViewChange> changes = pending.get();
        if (changes.isEmpty()) {
            return;
        }
        applyOnceTheViewIsThere(changes);
        changes.clear();
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

    /** The Kafka clients the processor must run with, so that the view is written before any output leaves. */
    public KafkaClientSupplier clientSupplier() {
        return clientSupplier(new LocalReplies(), "");
    }

    /** As {@link #clientSupplier()}, handing replies to requests of this process over in memory. */
    public KafkaClientSupplier clientSupplier(LocalReplies localReplies, String repliesTopic) {
        return new ViewFirstClients(this::flush, this::discard, localReplies, repliesTopic);
    }
}
