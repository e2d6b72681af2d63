package io.taskcast.kafka.processor;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * Kafka Streams' clients as its default supplier makes them, except that each producer runs
 * {@code beforeCommit} on the calling (stream) thread before it flushes or commits — Kafka Streams
 * flushes the producer first thing when it commits — and {@code afterAbort} when its transaction is
 * aborted. That is the one hook the public API offers at exactly "about to commit".
 */
final class ViewFlushingClientSupplier implements KafkaClientSupplier {

    private final Runnable beforeCommit;
    private final Runnable afterAbort;

    ViewFlushingClientSupplier(Runnable beforeCommit, Runnable afterAbort) {
        this.beforeCommit = beforeCommit;
        this.afterAbort = afterAbort;
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new HookedProducer(new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()),
                beforeCommit, afterAbort);
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return consumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return consumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return consumer(config);
    }

    private static Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Delegates everything; runs the hooks first where a transaction is flushed, committed or aborted. */
    static final class HookedProducer implements Producer<byte[], byte[]> {
        private final Producer<byte[], byte[]> delegate;
        private final Runnable beforeCommit;
        private final Runnable afterAbort;

        HookedProducer(Producer<byte[], byte[]> delegate, Runnable beforeCommit, Runnable afterAbort) {
            this.delegate = delegate;
            this.beforeCommit = beforeCommit;
            this.afterAbort = afterAbort;
        }

        @Override
        public void flush() {
            beforeCommit.run();
            delegate.flush();
        }

        @Override
        public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                             ConsumerGroupMetadata groupMetadata) {
            beforeCommit.run();
            delegate.sendOffsetsToTransaction(offsets, groupMetadata);
        }

        @Override
        public void commitTransaction() {
            beforeCommit.run();
            delegate.commitTransaction();
        }

        @Override
        public void abortTransaction() {
            afterAbort.run();
            delegate.abortTransaction();
        }

        @Override
        public void initTransactions() {
            delegate.initTransactions();
        }

        @Override
        public void beginTransaction() {
            delegate.beginTransaction();
        }

        @Override
        public void registerMetricForSubscription(KafkaMetric metric) {
            delegate.registerMetricForSubscription(metric);
        }

        @Override
        public void unregisterMetricFromSubscription(KafkaMetric metric) {
            delegate.unregisterMetricFromSubscription(metric);
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
            return delegate.send(record);
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            return delegate.send(record, callback);
        }

        @Override
        public List<PartitionInfo> partitionsFor(String topic) {
            return delegate.partitionsFor(topic);
        }

        @Override
        public Map<MetricName, ? extends Metric> metrics() {
            return delegate.metrics();
        }

        @Override
        public Uuid clientInstanceId(Duration timeout) {
            return delegate.clientInstanceId(timeout);
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public void close(Duration timeout) {
            delegate.close(timeout);
        }
    }
}
