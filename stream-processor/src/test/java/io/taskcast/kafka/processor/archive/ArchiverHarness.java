package io.taskcast.kafka.processor.archive;

import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.postgres.ArchiveCleanup;
import io.taskcast.kafka.testkit.FaultyConsumer;
import io.taskcast.kafka.platform.postgres.ArchiveWrites;
import io.taskcast.kafka.platform.postgres.PostgresArchive;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/** Topics of a fresh prefix, a transactional producer writing them as the processor does, and an archiver over them. */
final class ArchiverHarness implements AutoCloseable {

    static final int PARTITIONS = 3;

    final Topics topics;
    private final TaskcastProperties.Kafka kafka;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private final ArchiverProperties properties = new ArchiverProperties(50, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(100));
    private Archiver archiver;

    ArchiverHarness(String bootstrapServers, String prefixBase) throws ExecutionException, InterruptedException {
        String prefix = prefixBase + "-" + UUID.randomUUID();
        topics = Topics.withPrefix(prefix);
        kafka = new TaskcastProperties.Kafka(bootstrapServers, prefix, PARTITIONS, (short) 1, Duration.ofSeconds(15));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        admin.createTopics(List.of(new NewTopic(topics.tasks().name(), PARTITIONS, (short) 1),
                new NewTopic(topics.events().name(), PARTITIONS, (short) 1))).all().get();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "-test-producer",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        producer.initTransactions();
    }

    void startArchiver(PostgresArchive archive) {
        startArchiver(archive, new FaultyConsumer());
    }

    /** With its consumer's polls failing as {@code faults} says. */
    void startArchiver(PostgresArchive archive, FaultyConsumer faults) {
        Map<String, Object> config = ArchiverAutoConfiguration.consumerConfig(kafka, properties);
        archiver = new Archiver(faults.wrap(() -> new KafkaConsumer<>(config)), topics, new ArchiveWrites(archive),
                new ArchiveCleanup(archive), properties);
        archiver.start();
    }

    boolean ready() {
        return archiver.readiness().check().block().ok();
    }

    void stopArchiver() {
        archiver.stop();
    }

    /** Publishes in one committed transaction, or an aborted one. */
    void publish(List<Task> tasks, List<EventRecord> events, boolean commit) {
        producer.beginTransaction();
        tasks.forEach(task -> producer.send(new ProducerRecord<>(topics.tasks().name(), task.id(),
                topics.tasks().valueSerde().serializer().serialize(null, task))));
        events.forEach(record -> producer.send(new ProducerRecord<>(topics.events().name(), record.event().taskId(),
                topics.events().valueSerde().serializer().serialize(null, record))));
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }

    /** True when the archiver's group has committed every record of both topics. */
    boolean caughtUp() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId())
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> ends = endOffsets();
        return ends.entrySet().stream().allMatch(end -> committed.get(end.getKey()) != null
                && committed.get(end.getKey()).offset() >= end.getValue());
    }

    /** Forgets the group's offsets, so a restarted archiver reads both topics again from the start. */
    void resetOffsets() throws ExecutionException, InterruptedException {
        admin.deleteConsumerGroups(List.of(groupId())).all().get();
    }

    private Map<TopicPartition, Long> endOffsets() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = List.of(topics.tasks().name(), topics.events().name()).stream()
                .flatMap(topic -> java.util.stream.IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)))
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private String groupId() {
        return kafka.topicPrefix() + "-archiver";
    }

    @Override
    public void close() {
        if (archiver != null && archiver.isRunning()) {
            archiver.stop();
        }
        producer.close();
        admin.close();
    }
}
