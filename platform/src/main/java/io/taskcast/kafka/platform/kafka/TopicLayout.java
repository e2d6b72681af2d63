package io.taskcast.kafka.platform.kafka;

import io.taskcast.kafka.platform.config.TaskcastProperties;
import org.apache.kafka.clients.admin.NewTopic;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.common.config.TopicConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each of our topics should look like according to configuration, and how an existing topic
 * differs from it. Pure: no Kafka calls, so the rules are unit-testable.
 *
 * <p>A different partition count, replication factor or retention is reported and tolerated: the
 * system still works, only its parallelism, durability or replay horizon differ from what was asked.
 * A different cleanup policy is unsafe: a compacted events topic keeps only each task's last event,
 * and a tasks topic that is not compacted loses snapshots to retention, so start-up stops.
 */
public final class TopicLayout {

    /**
     * The settings one topic is created with; {@code retentionMs} null = the broker's default, not
     * checked; {@code maxMessageBytes} null = the broker's default (set on dead-letter topics, whose
     * records are a command plus the reason headers, so a command at the limit still fits).
     */
    public record Expected(String name, int partitions, short replicationFactor, String cleanupPolicy,
                           Long retentionMs, Integer maxMessageBytes) {

        public Expected(String name, int partitions, short replicationFactor, String cleanupPolicy, Long retentionMs) {
            this(name, partitions, replicationFactor, cleanupPolicy, retentionMs, null);
        }

        NewTopic toNewTopic() {
            Map<String, String> configs = new HashMap<>();
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy);
            if (maxMessageBytes != null) {
                configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes));
            }
            if (retentionMs != null) {
                configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs));
            }
            return new NewTopic(name, partitions, replicationFactor).configs(configs);
        }
    }

    /** One setting of an existing topic that is not what configuration asks for. */
    public record Mismatch(String topic, String setting, String configured, String actual, boolean unsafe) {

        public String message() {
            return "Topic " + topic + " has " + setting + " " + actual + " but configuration asks for " + configured
                    + (unsafe ? "; running would lose data, so start-up stops. Fix the topic (kafka-configs.sh"
                    + " --alter --entity-type topics --entity-name " + topic + " --add-config " + setting + "="
                    + configured + ") or delete it so it is created again"
                    : "; keeping the topic as it is (" + hint() + ")");
        }

        private String hint() {
            return switch (setting) {
                case "partitions" -> "taskcast.kafka.partitions / TASKCAST_KAFKA_PARTITIONS apply only to new topics";
                case "replication factor" ->
                        "taskcast.kafka.replication-factor / TASKCAST_KAFKA_REPLICATION_FACTOR apply only to new topics";
                default -> "change it with kafka-configs.sh --alter --entity-type topics --entity-name " + topic
                        + " --add-config " + setting + "=" + configured;
            };
        }
    }

    private TopicLayout() {
    }

    /** Every topic of this deployment with the settings configuration gives it. */
    public static List<Expected> expected(TaskcastProperties.Kafka kafka) {
        var topics = kafka.topics();
        Long eventsRetention = kafka.eventsRetention() == null ? null : kafka.eventsRetention().toMillis();
        List<Expected> expected = new ArrayList<>();
        for (String name : topics.allNames()) {
            boolean compacted = topics.compactedNames().contains(name);
            expected.add(new Expected(name, kafka.partitions(), kafka.replicationFactor(),
                    compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE,
                    name.equals(topics.events().name()) ? eventsRetention : null,
                    topics.deadLetterNames().contains(name) ? Topics.DEAD_LETTER_MAX_BYTES : null));
        }
        return List.copyOf(expected);
    }

    /**
     * How an existing topic differs from what is expected.
     *
     * @param configs the topic's effective configuration ({@code cleanup.policy}, {@code retention.ms}, …)
     */
    public static List<Mismatch> compare(Expected expected, int partitions, int replicationFactor,
                                         Map<String, String> configs) {
        List<Mismatch> found = new ArrayList<>();
        String topic = expected.name();
        if (partitions != expected.partitions()) {
            found.add(new Mismatch(topic, "partitions", Integer.toString(expected.partitions()),
                    Integer.toString(partitions), false));
        }
        if (replicationFactor != expected.replicationFactor()) {
            found.add(new Mismatch(topic, "replication factor", Short.toString(expected.replicationFactor()),
                    Integer.toString(replicationFactor), false));
        }
        String policy = configs.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        if (!policies(policy).equals(policies(expected.cleanupPolicy()))) {
            found.add(new Mismatch(topic, TopicConfig.CLEANUP_POLICY_CONFIG, expected.cleanupPolicy(), policy, true));
        }
        String retention = configs.get(TopicConfig.RETENTION_MS_CONFIG);
        if (expected.retentionMs() != null && !Long.toString(expected.retentionMs()).equals(retention)) {
            found.add(new Mismatch(topic, TopicConfig.RETENTION_MS_CONFIG, Long.toString(expected.retentionMs()),
                    retention, false));
        }
        return found;
    }

    private static Set<String> policies(String value) {
        Set<String> set = new TreeSet<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(set::add);
        return set;
    }
}
