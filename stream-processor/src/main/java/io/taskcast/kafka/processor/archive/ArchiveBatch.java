package io.taskcast.kafka.processor.archive;

import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * One poll's records, parsed: task snapshots, event records and cleanups (a tombstone or a
 * cleanup header on {@code taskcast-tasks}) in log order. A record that does not
 * parse is logged with its coordinates and left out — it cannot be archived, and it must not stall
 * every record behind it.
 */
record ArchiveBatch(List<Task> tasks, List<EventRecord> events, List<PendingCleanup> cleanups) {

    private static final Logger log = LoggerFactory.getLogger(ArchiveBatch.class);

    static ArchiveBatch of(ConsumerRecords<String, byte[]> records, Topics topics) {
        String tasksTopic = topics.tasks().name();
        List<Task> tasks = new ArrayList<>();
        List<EventRecord> events = new ArrayList<>();
        List<PendingCleanup> cleanups = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.topic().equals(tasksTopic)) {
                PendingCleanup.of(record).ifPresent(cleanups::add);
            }
            if (record.value() == null) {
                continue;
            }
            try {
                if (record.topic().equals(tasksTopic)) {
                    tasks.add(complete(topics.tasks().valueSerde().deserializer()
                            .deserialize(record.topic(), record.value())));
                } else {
                    events.add(complete(topics.events().valueSerde().deserializer()
                            .deserialize(record.topic(), record.value())));
                }
            } catch (SerializationException | IllegalArgumentException e) {
                log.error("Archiver skips unparsable record {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        return new ArchiveBatch(List.copyOf(tasks), List.copyOf(events), List.copyOf(cleanups));
    }

    private static Task complete(Task task) {
        if (task.id() == null || task.status() == null) {
            throw new IllegalArgumentException("task snapshot without id or status");
        }
        return task;
    }

    private static EventRecord complete(EventRecord record) {
        if (record.event() == null || record.event().taskId() == null || record.event().id() == null
                || record.event().type() == null || record.event().level() == null) {
            throw new IllegalArgumentException("event record without event, id, taskId, type or level");
        }
        if (record.accumulated() != null && record.accumulated().seriesId() == null) {
            throw new IllegalArgumentException("accumulated state without seriesId");
        }
        return record;
    }
}
