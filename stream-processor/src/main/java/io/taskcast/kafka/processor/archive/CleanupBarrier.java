package io.taskcast.kafka.processor.archive;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds a cleanup back until the archive has every event it could remove. The archiver reads
 * {@code taskcast-tasks} and {@code taskcast-events} at their own paces, so a cleanup can arrive
 * before the task's last events; applied then, those events would be archived after it and stay.
 * Every event of the task was committed before the cleanup was, so once the events partition of
 * the task is consumed up to its end as seen when the cleanup was first read, none can follow.
 */
final class CleanupBarrier {

    private final String eventsTopic;
    private final Map<PendingCleanup, Long> barriers = new HashMap<>();

    CleanupBarrier(String eventsTopic) {
        this.eventsTopic = eventsTopic;
    }

    /** True when every event of the cleanup's task is in the archive (written by this consumer or its group). */
    boolean passable(Consumer<String, byte[]> consumer, PendingCleanup pending) {
        TopicPartition events = eventsPartition(consumer, pending.cleanup().taskId());
        long barrier = barriers.computeIfAbsent(pending,
                p -> consumer.endOffsets(List.of(events)).getOrDefault(events, 0L));
        if (progress(consumer, events) >= barrier) {
            barriers.remove(pending);
            return true;
        }
        return false;
    }

    /** Forgets cleanups of partitions this consumer no longer owns; their new owner starts over. */
    void retainOnly(Set<TopicPartition> assignment) {
        barriers.keySet().removeIf(p -> !assignment.contains(p.partition()));
    }

    /** Where the processor wrote the task's events: same key, default partitioner. */
    private TopicPartition eventsPartition(Consumer<String, byte[]> consumer, String taskId) {
        int partitions = consumer.partitionsFor(eventsTopic).size();
        byte[] key = taskId.getBytes(StandardCharsets.UTF_8);
        return new TopicPartition(eventsTopic, Utils.toPositive(Utils.murmur2(key)) % partitions);
    }

    /** Our own position when we read the partition, else what the group committed for it. */
    private static long progress(Consumer<String, byte[]> consumer, TopicPartition events) {
        if (consumer.assignment().contains(events)) {
            return consumer.position(events);
        }
        OffsetAndMetadata committed = consumer.committed(Set.of(events)).get(events);
        return committed == null ? 0 : committed.offset();
    }
}
