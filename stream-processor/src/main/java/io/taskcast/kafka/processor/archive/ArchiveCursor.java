package io.taskcast.kafka.processor.archive;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/** Moves the consumer back to the first record of a batch that was not written, so the next poll returns it again. */
final class ArchiveCursor {

    private ArchiveCursor() {
    }

    static void rewind(Consumer<?, ?> consumer, ConsumerRecords<?, ?> unwritten) {
        for (TopicPartition partition : unwritten.partitions()) {
            // Only partitions still assigned: a revoked one is redelivered to its new owner from the last commit.
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, unwritten.records(partition).get(0).offset());
            }
        }
    }
}
