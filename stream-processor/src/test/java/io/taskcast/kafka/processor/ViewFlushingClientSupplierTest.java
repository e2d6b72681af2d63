package io.taskcast.kafka.processor;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The producer hook that writes the view before Kafka Streams commits, and forgets it on abort. */
class ViewFlushingClientSupplierTest {

    private final List<String> calls = new ArrayList<>();
    private final MockProducer<byte[], byte[]> kafka = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer()) {
        @Override
        public void flush() {
            calls.add("kafka flush");
            super.flush();
        }

        @Override
        public void commitTransaction() {
            calls.add("kafka commit");
            super.commitTransaction();
        }

        @Override
        public void abortTransaction() {
            calls.add("kafka abort");
            super.abortTransaction();
        }
    };
    private final ViewFlushingClientSupplier.HookedProducer producer = new ViewFlushingClientSupplier.HookedProducer(
            kafka, () -> calls.add("views"), () -> calls.add("discard"));

    @Test
    void shouldWriteTheViewBeforeTheTransactionIsFlushedAndCommitted() {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("events", new byte[]{1}));
        producer.flush();
        producer.sendOffsetsToTransaction(Map.of(), new ConsumerGroupMetadata("g"));
        producer.commitTransaction();

        // (MockProducer flushes itself inside commit and abort, hence only the start is exact.)
        assertThat(calls).startsWith("views", "kafka flush", "views", "views", "kafka commit");
        assertThat(kafka.history()).hasSize(1);
        assertThat(kafka.transactionCommitted()).isTrue();
    }

    @Test
    void shouldForgetThePendingViewWhenTheTransactionIsAborted() {
        producer.initTransactions();
        producer.beginTransaction();
        producer.abortTransaction();

        assertThat(calls).startsWith("discard", "kafka abort").doesNotContain("views");
        assertThat(kafka.transactionAborted()).isTrue();
    }

    @Test
    void shouldNotCommitWhenWritingTheViewFails() {
        ViewFlushingClientSupplier.HookedProducer failing = new ViewFlushingClientSupplier.HookedProducer(kafka,
                () -> {
                    throw new IllegalStateException("Redis is down");
                }, () -> { });
        failing.initTransactions();
        failing.beginTransaction();

        org.assertj.core.api.Assertions.assertThatThrownBy(failing::commitTransaction).hasMessage("Redis is down");
        assertThat(kafka.transactionCommitted()).isFalse();
        assertThat(calls).doesNotContain("kafka commit");
    }
}
