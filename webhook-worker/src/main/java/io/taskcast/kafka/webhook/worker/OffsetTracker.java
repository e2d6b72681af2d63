package io.taskcast.kafka.webhook.worker;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which polled records are still being delivered, per partition. Deliveries finish out of order
 * (a slow receiver must not hold up a fast one), so the offset that may be committed is the
 * oldest unfinished record's: a restart redelivers what was not finished, never skips it.
 */
final class OffsetTracker {

    private final Map<TopicPartition, TreeSet<Long>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();

    synchronized void polled(TopicPartition partition, long offset) {
        pending.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
        next.merge(partition, offset + 1, Math::max);
    }

    /** The record is delivered, retried elsewhere or dead-lettered: it no longer holds its partition back. */
    synchronized void done(TopicPartition partition, long offset) {
        TreeSet<Long> offsets = pending.get(partition);
        if (offsets != null) {
            offsets.remove(offset);
        }
    }

    /** Per partition seen: the oldest unfinished offset, or the one after the last polled record. */
    synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        next.forEach((partition, after) -> {
            TreeSet<Long> open = pending.get(partition);
            offsets.put(partition, new OffsetAndMetadata(open == null || open.isEmpty() ? after : open.first()));
        });
        return offsets;
    }

    synchronized int pendingCount() {
        return pending.values().stream().mapToInt(TreeSet::size).sum();
    }

    /** Partitions handed to another worker: their records are its now, whatever finishes here. */
    synchronized void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(p -> {
            pending.remove(p);
            next.remove(p);
        });
    }
}
