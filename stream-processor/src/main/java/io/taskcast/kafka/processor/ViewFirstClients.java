package io.taskcast.kafka.processor;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import io.taskcast.kafka.platform.replies.LocalReplies;
import io.taskcast.kafka.schemas.topic.Headers;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Kafka Streams' clients as its default supplier makes them, arranged so that nothing the processor
 * sends leaves before the Redis view holds what it announces (see docs/fast-path.md):
 * <ul>
 *   <li>each stream thread's producer is a {@link ViewFirstProducer}, which holds what is sent to it
 *       until it is released: then the view changes the thread collected are written (one round
 *       trip), and only then are the held records handed to Kafka;</li>
 *   <li>the thread's main consumer releases that producer before every poll, so what one poll's
 *       commands produced leaves as soon as they are processed, not at the transaction's commit.</li>
 * </ul>
 * A poll is the one point where a stream thread has processed everything it had; the transaction's
 * flush, offsets and commit release too. A reply to a request of this very process is handed over
 * in memory at that moment instead of sent ({@link LocalReplies}).
 */
final class ViewFirstClients implements KafkaClientSupplier {

    private final Runnable writeView;
    private final Runnable discardView;
    private final LocalReplies localReplies;
    private final String repliesTopic;
    /** Each stream thread's producer, known from its first send, so the thread's consumer can release it. */
    private final ThreadLocal<ViewFirstProducer> sendingThreads = new ThreadLocal<>();

    /**
     * @param writeView    writes the view changes the calling thread collected
     * @param discardView  forgets them (their transaction was aborted and will be redone)
     * @param localReplies requests of this process waiting for replies, handed theirs in memory
     * @param repliesTopic the topic replies are sent to otherwise
     */
    ViewFirstClients(Runnable writeView, Runnable discardView, LocalReplies localReplies, String repliesTopic) {
        this.writeView = writeView;
        this.discardView = discardView;
        this.localReplies = localReplies;
        this.repliesTopic = repliesTopic;
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return holding(new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** {@code producer}, holding what is sent to it until the view is written. */
    ViewFirstProducer holding(Producer<byte[], byte[]> producer) {
        return new ViewFirstProducer(producer, writeView, discardView, sendingThreads::set, this::handOverLocalReply);
    }

    /** A reply that a request of this process waits for goes to it in memory; see {@link LocalReplies}. */
    private boolean handOverLocalReply(ProducerRecord<byte[], byte[]> record) {
        if (!record.topic().equals(repliesTopic)) {
            return false;
        }
        Header correlation = record.headers().lastHeader(Headers.CORRELATION_ID);
        return correlation != null
                && localReplies.deliver(new String(correlation.value(), StandardCharsets.UTF_8), record.value());
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return releasingBeforePoll(consumer(config));
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

    /**
     * The consumer, unchanged except that {@code poll} first releases what the calling thread's
     * producer holds. A dynamic proxy, so every other method of the (large, growing) interface is
     * passed on as it is.
     */
    @SuppressWarnings("unchecked")
    Consumer<byte[], byte[]> releasingBeforePoll(Consumer<byte[], byte[]> consumer) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("poll")) {
                ViewFirstProducer producer = sendingThreads.get();
                if (producer != null) {
                    producer.release();
                }
            }
            try {
                return method.invoke(consumer, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Consumer<byte[], byte[]>) Proxy.newProxyInstance(Consumer.class.getClassLoader(),
                new Class<?>[] {Consumer.class}, handler);
    }
}
