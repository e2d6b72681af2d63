package io.taskcast.kafka.processor.replay;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * A fixed slice of one topic: per partition, a start offset and the end offset captured when the
 * slice was made. Reading stops at those ends, so records appended meanwhile (the system keeps
 * serving) are not chased. With a read_committed consumer the end is the last stable offset.
 */
final class LogRange {

    private static final Duration POLL = Duration.ofMillis(500);

    private final Map<TopicPartition, Long> start;
    private final Map<TopicPartition, Long> end;

    private LogRange(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
        this.start = start;
        this.end = end;
    }

    /** From {@code since} (null = the beginning) to now; only the key's partition when a key is given. */
    static LogRange capture(Consumer<String, byte[]> consumer, String topic, Instant since, String key) {
        List<TopicPartition> partitions = partitions(consumer, topic, key);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> start = new HashMap<>(consumer.beginningOffsets(partitions));
        if (since != null) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            partitions.forEach(tp -> {
                OffsetAndTimestamp at = found.get(tp);
                start.put(tp, at == null ? end.get(tp) : Math.min(at.offset(), end.get(tp)));
            });
        }
        return new LogRange(start, end);
    }

    /** Offsets (records and transaction markers) in the slice; what progress counts. */
    long size() {
        return end.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - start.get(e.getKey()))).sum();
    }

    /**
     * Hands every record of the slice to {@code batches}, one poll at a time, in partition order;
     * {@code progress} receives the number of offsets done so far after each poll.
     */
    void read(Consumer<String, byte[]> consumer, java.util.function.Consumer<List<ConsumerRecord<String, byte[]>>> batches,
              LongConsumer progress) {
        List<TopicPartition> open = new ArrayList<>(end.keySet().stream().filter(tp -> start.get(tp) < end.get(tp)).toList());
        consumer.assign(open);
        open.forEach(tp -> consumer.seek(tp, start.get(tp)));
        while (!open.isEmpty()) {
            ConsumerRecords<String, byte[]> polled = consumer.poll(POLL);
            List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(polled.count());
            for (ConsumerRecord<String, byte[]> record : polled) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    batch.add(record);
                }
            }
            if (!batch.isEmpty()) {
                batches.accept(batch);
            }
            open.removeIf(tp -> consumer.position(tp) >= end.get(tp));
            consumer.assign(open);
            progress.accept(done(consumer, open));
        }
    }

    private long done(Consumer<String, byte[]> consumer, List<TopicPartition> open) {
        long done = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            long position = open.contains(e.getKey()) ? consumer.position(e.getKey()) : e.getValue();
            done += Math.max(0, Math.min(position, e.getValue()) - start.get(e.getKey()));
        }
        return done;
    }

    /**
     * The processor's sinks partition by the default partitioner (murmur2 of the serialized key), so
     * a single task's records all sit in this one partition.
     */
    private static List<TopicPartition> partitions(Consumer<String, byte[]> consumer, String topic, String key) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("Topic " + topic + " does not exist; check --kafka and --topic-prefix");
        }
        if (key != null) {
            byte[] bytes = new StringSerializer().serialize(topic, key);
            return List.of(new TopicPartition(topic, Utils.toPositive(Utils.murmur2(bytes)) % infos.size()));
        }
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }
}
