package io.taskcast.kafka.bench.load.throughput;

import io.taskcast.kafka.testkit.ServerProcess;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One raw Kafka measurement: a producer writing stamped records of a fixed size to a topic and a
 * consumer in the same process reading them back, in a {@link ClosedLoop}.
 */
final class RawKafkaRun {

    private static final int KEYS = 1000;

    private final String bootstrap;
    private final RawKafkaVariant variant;
    private final int recordBytes;

    RawKafkaRun(String bootstrap, RawKafkaVariant variant, int recordBytes) {
        this.bootstrap = bootstrap;
        this.variant = variant;
        this.recordBytes = recordBytes;
    }

    ClosedLoop.Result run(String topic, int partitions, int window, Duration warmup, Duration duration,
                          ServerProcess server)
            throws InterruptedException {
        ClosedLoop loop = new ClosedLoop(window, 1);
        try (Producer<String, byte[]> producer = new KafkaProducer<>(producerConfig());
             Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
            List<TopicPartition> assigned = IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(topic, p)).collect(Collectors.toList());
            consumer.assign(assigned);
            consumer.seekToEnd(assigned);
            assigned.forEach(consumer::position);
            if (variant.transactional()) {
                producer.initTransactions();
            }
            ConsumerLoop reader = new ConsumerLoop(consumer, loop);
            reader.start();
            try {
                return loop.run(List.of(new RecordSender(producer, topic, loop)), warmup, duration,
                        Duration.ofSeconds(30), server);
            } finally {
                reader.stop();
            }
        }
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, variant.lingerMs(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        if (variant.transactional()) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "taskcast-bench-raw-" + UUID.randomUUID());
        }
        return config;
    }

    private Map<String, Object> consumerConfig() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, variant.transactional() ? "read_committed" : "read_uncommitted",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    /** Sends one stamped record per message; with transactions, commits every commit interval and when idle. */
    private final class RecordSender implements ClosedLoop.Sender {
        private final Producer<String, byte[]> producer;
        private final String topic;
        private final ClosedLoop loop;
        private long transactionStart = -1;

        RecordSender(Producer<String, byte[]> producer, String topic, ClosedLoop loop) {
            this.producer = producer;
            this.topic = topic;
            this.loop = loop;
        }

        @Override
        public void send(long firstSeq, int count, long sentNanos) {
            if (variant.transactional() && transactionStart < 0) {
                producer.beginTransaction();
                transactionStart = sentNanos;
            }
            byte[] value = new Stamp(firstSeq, sentNanos).toRecord(recordBytes);
            producer.send(new ProducerRecord<>(topic, "k" + firstSeq % KEYS, value), (metadata, error) -> {
                if (error != null) {
                    loop.failed(error.toString());
                }
            });
            if (transactionStart >= 0 && sentNanos - transactionStart >= variant.commitInterval().toNanos()) {
                commit();
            }
        }

        @Override
        public void idle() {
            if (transactionStart >= 0) {
                commit();
            }
        }

        private void commit() {
            producer.commitTransaction();
            transactionStart = -1;
        }
    }

    /** Reads the topic on its own thread and reports every record's stamp to the loop. */
    static final class ConsumerLoop {
        private final Consumer<byte[], byte[]> consumer;
        private final ClosedLoop loop;
        private final Thread thread;
        private volatile boolean stopping;

        ConsumerLoop(Consumer<byte[], byte[]> consumer, ClosedLoop loop) {
            this.consumer = consumer;
            this.loop = loop;
            this.thread = new Thread(this::read, "bench-raw-consumer");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            stopping = true;
            thread.join();
        }

        private void read() {
            try {
                while (!stopping) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                        Stamp stamp = Stamp.ofRecord(record.value());
                        loop.arrived(stamp.seq(), stamp.sentNanos());
                    }
                }
            } catch (RuntimeException e) {
                // The run must fail with the reason, not wait for records nobody reads.
                loop.failed("consumer stopped: " + e);
            }
        }
    }
}
