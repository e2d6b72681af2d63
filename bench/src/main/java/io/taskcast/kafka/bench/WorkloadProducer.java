package io.taskcast.kafka.bench;

import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes the workload to the topics as fast as one producer goes: idempotent (so a retry neither
 * duplicates nor reorders a task's records), compressed, large batches. Values are serialized by
 * the topics' own serdes, the same bytes the processor writes.
 */
final class WorkloadProducer {

    private static final long PROGRESS_EVERY = 100_000;

    private final String bootstrapServers;
    private final String compression;
    private final PrintStream progress;

    WorkloadProducer(String bootstrapServers, String compression, PrintStream progress) {
        this.bootstrapServers = bootstrapServers;
        this.compression = compression;
        this.progress = progress;
    }

    /** The produce phase's outcome; {@code bytes} are serialized values before compression. */
    record Produced(long events, long snapshots, long bytes, Duration elapsed) {

        double eventsPerSecond() {
            return events / Math.max(elapsed.toMillis() / 1000.0, 0.001);
        }

        String line() {
            return String.format(Locale.ROOT, "produce: %,d events + %,d task snapshots (%,.0f MB of JSON) in %.1f s"
                    + " = %,.0f events/s", events, snapshots, bytes / 1e6, elapsed.toMillis() / 1000.0, eventsPerSecond());
        }
    }

    Produced produce(BenchWorkload workload, Topics topics) {
        Serializer<EventRecord> events = topics.events().valueSerde().serializer();
        Serializer<Task> tasks = topics.tasks().valueSerde().serializer();
        String eventsTopic = topics.events().name();
        String tasksTopic = topics.tasks().name();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long started = System.nanoTime();
        long eventCount = 0;
        long snapshotCount = 0;
        long bytes = 0;
        try (Producer<String, byte[]> producer = new KafkaProducer<>(config())) {
            for (Iterator<BenchRecord> it = workload.records(); it.hasNext() && failure.get() == null; ) {
                BenchRecord record = it.next();
                ProducerRecord<String, byte[]> out;
                if (record instanceof BenchRecord.Event event) {
                    out = new ProducerRecord<>(eventsTopic, record.taskId(), events.serialize(eventsTopic, event.record()));
                    if (++eventCount % PROGRESS_EVERY == 0) {
                        progress.printf(Locale.ROOT, "produced %,d of %,d events%n", eventCount, workload.events());
                    }
                } else {
                    Task task = ((BenchRecord.Snapshot) record).task();
                    out = new ProducerRecord<>(tasksTopic, record.taskId(), tasks.serialize(tasksTopic, task));
                    snapshotCount++;
                }
                bytes += out.value().length;
                producer.send(out, (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Producing the bench records to " + bootstrapServers + " failed: "
                    + failure.get().getMessage(), failure.get());
        }
        return new Produced(eventCount, snapshotCount, bytes, Duration.ofNanos(System.nanoTime() - started));
    }

    private Map<String, Object> config() {
        // One request in flight per partition: the topics are brand new, and a batch retried after
        // NOT_LEADER_OR_FOLLOWER while later ones were in flight hit OutOfOrderSequence forever.
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, compression,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }
}
