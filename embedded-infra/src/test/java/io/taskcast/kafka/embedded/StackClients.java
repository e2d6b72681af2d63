package io.taskcast.kafka.embedded;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import redis.clients.jedis.RedisClient;

/** Plain clients for the three components, shared by the ITs and the crashing child JVM. */
final class StackClients {

    private StackClients() {
    }

    static void createTopic(EmbeddedStack stack, String topic) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    static void produce(EmbeddedStack stack, String topic, String key, String value)
            throws ExecutionException, InterruptedException {
        Map<String, Object> config = Map.of("bootstrap.servers", stack.kafkaBootstrapServers(), "acks", "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Reads partition 0 from offset 0 until {@code expected} records arrived, as "key=value". */
    static List<String> consumeFromStart(EmbeddedStack stack, String topic, int expected) {
        Map<String, Object> config = Map.of("bootstrap.servers", stack.kafkaBootstrapServers());
        List<String> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(record.key() + "=" + record.value());
                }
                return records.size() >= expected;
            });
        }
        return records;
    }

    static RedisClient redis(EmbeddedStack stack) {
        URI url = URI.create(stack.redisUrl());
        return RedisClient.create(url.getHost(), url.getPort());
    }

    static void execute(EmbeddedStack stack, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(stack.postgresJdbcUrl(), "postgres", null);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static List<String> queryStrings(EmbeddedStack stack, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(stack.postgresJdbcUrl(), "postgres", null);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
