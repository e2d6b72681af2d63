package io.taskcast.kafka.processor.archive;

import io.taskcast.kafka.schemas.cleanup.CleanupRule;
import io.taskcast.kafka.schemas.cleanup.CleanupTarget;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Headers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import java.util.List;
import java.util.Optional;

/**
 * A cleanup read from {@code taskcast-tasks}, with where it was read: the processor's header, or a
 * bare tombstone (whoever wrote it, the task is gone).
 */
record PendingCleanup(TopicPartition partition, long offset, TaskCleanup cleanup) {

    private static final Logger log = LoggerFactory.getLogger(PendingCleanup.class);

    static Optional<PendingCleanup> of(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Header header = record.headers().lastHeader(Headers.CLEANUP);
        if (header != null) {
            try {
                return Optional.of(new PendingCleanup(partition, record.offset(),
                        Json.fromBytes(header.value(), TaskCleanup.class)));
            } catch (JacksonException | IllegalArgumentException e) {
                log.error("Archiver cannot read the cleanup header of {}-{}@{}: {}", record.topic(),
                        record.partition(), record.offset(), e.getMessage());
            }
        }
        if (record.value() == null && record.key() != null) {
            CleanupRule removeTask = new CleanupRule(null, null, null, CleanupTarget.ALL, null);
            return Optional.of(new PendingCleanup(partition, record.offset(),
                    new TaskCleanup(record.key(), 0, List.of(removeTask))));
        }
        return Optional.empty();
    }
}
