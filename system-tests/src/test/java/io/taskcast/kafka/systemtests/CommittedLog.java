package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the processor committed to the events topic, read as a committed reader (the archive, webhooks) reads it. */
final class CommittedLog {

    private CommittedLog() {
    }

    /** Every committed event of the prefix's events topic, per task in log order; read until 3 s pass without one. */
    static Map<String, List<TaskEvent>> events(String bootstrapServers, String topicPrefix) {
        var topic = Topics.withPrefix(topicPrefix).events();
        Map<String, List<TaskEvent>> events = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "committed-log-" + UUID.randomUUID()),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            int idle = 0;
            while (idle < 3) {
                var records = consumer.poll(Duration.ofSeconds(1));
                idle = records.isEmpty() ? idle + 1 : 0;
                for (ConsumerRecord<String, io.taskcast.kafka.schemas.EventRecord> r : records) {
                    events.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value().event());
                }
            }
        }
        return events;
    }
}
