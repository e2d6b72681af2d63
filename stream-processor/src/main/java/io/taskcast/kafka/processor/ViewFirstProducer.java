package io.taskcast.kafka.processor;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A stream thread's producer that holds every record sent to it until {@link #release()}: that
 * writes the view changes the thread collected for those records, then hands the records to Kafka.
 * So a reader of the topics, committed or not, never sees a reply or an event before a {@code GET}
 * can read its change. The transaction's flush, offsets and commit release first; an abort forgets
 * what is held and the view changes not yet written, since the transaction will be redone.
 * <p>
 * A reply that a request of this process waits for is handed over in memory instead of sent
 * ({@code handedOver}), at the same moment; its future and callback are then never completed,
 * which Kafka Streams does not need (it reads send errors and changelog offsets from callbacks).
 * <p>
 * Used by one stream thread only, like the producer it wraps (exactly-once v2: one per thread).
 */
final class ViewFirstProducer implements Producer<byte[], byte[]> {

    /** Released early beyond this many, so one large poll neither piles up records nor delays its first replies long. */
    static final int MAX_HELD = 1_000;

    private final Producer<byte[], byte[]> delegate;
    private final Runnable writeView;
    private final Runnable discardView;
    private final Consumer<ViewFirstProducer> sendingThread;
    private final Predicate<ProducerRecord<byte[], byte[]>> handedOver;
    private final List<HeldRecord> held = new ArrayList<>();
    /** The view write that failed in the open transaction: it cannot commit, so nothing more may leave. */
    private RuntimeException failedViewWrite;

    /**
     * @param writeView     writes the view changes of what is held (the calling thread's)
     * @param discardView   forgets them
     * @param sendingThread told of this producer on each send, on the sending (stream) thread
     * @param handedOver    offered each released record before it is sent; true when it took the
     *                      record over in memory (a reply to a request of this process), which is
     *                      then not sent
     */
    ViewFirstProducer(Producer<byte[], byte[]> delegate, Runnable writeView, Runnable discardView,
                      Consumer<ViewFirstProducer> sendingThread, Predicate<ProducerRecord<byte[], byte[]>> handedOver) {
        this.delegate = delegate;
        this.writeView = writeView;
        this.discardView = discardView;
        this.sendingThread = sendingThread;
        this.handedOver = handedOver;
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        return send(record, null);
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        sendingThread.accept(this);
        HeldRecord h = new HeldRecord(record, callback);
        held.add(h);
        if (held.size() >= MAX_HELD) {
            release();
        }
        return h.result;
    }

    /**
     * Writes the view, then sends what was held. A failed view write propagates and nothing held
     * is sent, then or later: the stream thread fails, its transaction is aborted and its commands
     * processed again. (Kafka Streams flushes the tasks it closes after a failure; that flush must
     * neither send records whose changes are not in the view nor wait for Redis again.) A send Kafka
     * refuses at once is reported through the record's callback, where Kafka Streams looks for send
     * errors (a fenced producer among them).
     */
    void release() {
        if (failedViewWrite != null) {
            throw new IllegalStateException("The view write of this transaction failed; it can only be aborted",
                    failedViewWrite);
        }
        try {
            writeView.run();
        } catch (RuntimeException e) {
            failedViewWrite = e;
            throw e;
        }
        if (held.isEmpty()) {
            return;
        }
        List<HeldRecord> out = new ArrayList<>(held);
        held.clear();
        for (HeldRecord h : out) {
            if (handedOver.test(h.record)) {
                continue;
            }
            try {
                delegate.send(h.record, h);
            } catch (KafkaException e) {
                h.onCompletion(null, e);
            }
        }
    }

    /** Records waiting for {@link #release()}. */
    int held() {
        return held.size();
    }

    @Override
    public void flush() {
        release();
        delegate.flush();
    }

    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                         ConsumerGroupMetadata groupMetadata) {
        release();
        delegate.sendOffsetsToTransaction(offsets, groupMetadata);
    }

    @Override
    public void commitTransaction() {
        release();
        delegate.commitTransaction();
    }

    @Override
    public void abortTransaction() {
        held.clear();
        failedViewWrite = null;
        discardView.run();
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

    /** Whatever is still held belongs to a transaction that was not committed: it is dropped. */
    @Override
    public void close() {
        held.clear();
        delegate.close();
    }

    @Override
    public void close(Duration timeout) {
        held.clear();
        delegate.close(timeout);
    }

    /** A record waiting to be sent, and what its sender learns once Kafka has answered. */
    private static final class HeldRecord implements Callback {
        private final ProducerRecord<byte[], byte[]> record;
        private final Callback callback;
        private final CompletableFuture<RecordMetadata> result = new CompletableFuture<>();

        HeldRecord(ProducerRecord<byte[], byte[]> record, Callback callback) {
            this.record = record;
            this.callback = callback;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (callback != null) {
                callback.onCompletion(metadata, exception);
            }
            if (exception == null) {
                result.complete(metadata);
            } else {
                result.completeExceptionally(exception);
            }
        }
    }
}
