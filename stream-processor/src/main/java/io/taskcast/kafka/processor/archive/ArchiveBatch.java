package io.taskcast.kafka.processor.archive;

import io.taskcast.kafka.platform.postgres.ArchiveWrites;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.topic.Headers;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One poll's records, parsed: task snapshots, event records and cleanups (a tombstone or a
 * cleanup header on {@code taskcast-tasks}) in log order, and what imports replace (the import
 * header, Headers#IMPORTED): an events-topic record without value drops the task's earlier history,
 * so the batch keeps only the task's events after it. A record that does not
 * parse is logged with its coordinates and left out — it cannot be archived, and it must not stall
 * every record behind it.
 */
record ArchiveBatch(List<Task> tasks, List<EventRecord> events, List<PendingCleanup> cleanups,
                    ArchiveWrites.Imports imports) {

    private static final Logger log = LoggerFactory.getLogger(ArchiveBatch.class);

    static ArchiveBatch of(ConsumerRecords<String, byte[]> records, Topics topics) {
        String tasksTopic = topics.tasks().name();
        List<Task> tasks = new ArrayList<>();
        List<EventRecord> events = new ArrayList<>();
        List<PendingCleanup> cleanups = new ArrayList<>();
        Map<String, Long> replacedHistories = new HashMap<>();
        Set<String> importedSnapshots = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Long imported = record.key() == null ? null : Headers.longValue(record.headers(), Headers.IMPORTED);
            if (record.topic().equals(tasksTopic)) {
                PendingCleanup.of(record).ifPresent(cleanups::add);
                if (imported != null && record.value() != null) {
                    importedSnapshots.add(record.key());
                }
            } else if (imported != null && record.value() == null) {
                // An import starts here: what the batch held of the task's history before is gone.
                replacedHistories.put(record.key(), imported);
                events.removeIf(e -> e.event().taskId().equals(record.key()));
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
        return new ArchiveBatch(List.copyOf(tasks), List.copyOf(events), List.copyOf(cleanups),
                new ArchiveWrites.Imports(replacedHistories, importedSnapshots));
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
