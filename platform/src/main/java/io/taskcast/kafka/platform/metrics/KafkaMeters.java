package io.taskcast.kafka.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Publishes Kafka clients' own metrics (consumer lag, fetch and commit rates, tagged by client id)
 * as meters. Each binder runs a small refresh thread, so the binders are closed with the application.
 * Without a registry (a role tested alone) binding does nothing.
 */
public final class KafkaMeters implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaMeters.class);

    private final MeterRegistry registry;
    private final List<AutoCloseable> bound = new CopyOnWriteArrayList<>();

    public KafkaMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    public static KafkaMeters none() {
        return new KafkaMeters(null);
    }

    /** Binds the consumer's metrics and returns it, for use where the consumer is created. */
    public <K, V> Consumer<K, V> bind(Consumer<K, V> consumer) {
        bind(new KafkaClientMetrics(consumer));
        return consumer;
    }

    /** Every consumer the supplier creates, bound. */
    public <K, V> Supplier<Consumer<K, V>> binding(Supplier<Consumer<K, V>> consumers) {
        return () -> bind(consumers.get());
    }

    /** Any Kafka binder, such as Micrometer's {@code KafkaStreamsMetrics}. */
    public <B extends MeterBinder & AutoCloseable> void bind(B binder) {
        if (registry == null) {
            return;
        }
        binder.bindTo(registry);
        bound.add(binder);
    }

    @Override
    public void close() {
        for (AutoCloseable binder : bound) {
            try {
                binder.close();
            } catch (Exception e) {
                // Closing only stops a refresh thread and removes meters; nothing to recover.
                log.debug("Closing a Kafka meter binder failed", e);
            }
        }
        bound.clear();
    }
}
