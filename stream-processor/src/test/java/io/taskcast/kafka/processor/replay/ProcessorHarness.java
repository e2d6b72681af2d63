package io.taskcast.kafka.processor.replay;

import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.processor.RedisViewWriter;
import io.taskcast.kafka.processor.topology.TaskTopology;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/** Topics of a fresh prefix and the real processor topology over them, writing the Redis view. */
final class ProcessorHarness implements AutoCloseable {

    static final int PARTITIONS = 3;

    final Topics topics;
    final String prefix;
    private final KafkaStreams streams;
    private final KafkaProducer<String, byte[]> producer;

    ProcessorHarness(String bootstrapServers, RedisTaskViews views, Path stateDir) throws Exception {
        prefix = "replay-it-" + UUID.randomUUID();
        topics = Topics.withPrefix(prefix);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(topics.allNames().stream().map(name -> {
                NewTopic topic = new NewTopic(name, PARTITIONS, (short) 1);
                return topics.compactedNames().contains(name)
                        ? topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
                        : topic;
            }).toList()).all().get();
        }
        RedisViewWriter writer = new RedisViewWriter(views);
        streams = new KafkaStreams(TaskTopology.build(topics, writer), streamsConfig(bootstrapServers, stateDir),
                writer.clientSupplier());
        streams.start();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** As ProcessorAutoConfiguration configures the processor: exactly-once v2. */
    private Properties streamsConfig(String bootstrapServers, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, prefix + "-processor");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        return p;
    }

    void send(List<Command> commands) throws Exception {
        for (Command command : commands) {
            producer.send(new ProducerRecord<>(topics.commands().name(), command.taskId(), Json.toBytes(command))).get();
        }
    }

    @Override
    public void close() {
        producer.close();
        streams.close(Duration.ofSeconds(30));
    }
}
