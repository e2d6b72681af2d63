package io.taskcast.kafka.platform.kafka;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.kafka.TopicLayout.Mismatch;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up's topic check against a real broker: created as configured, a drifted topic reported or refused. */
@ExtendWith(EmbeddedStackExtension.class)
class TopicSettingsIT {

    private static String bootstrapServers;
    private static Admin admin;

    @BeforeAll
    static void connect(EmbeddedStack stack) {
        bootstrapServers = stack.kafkaBootstrapServers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void shouldCreateTopicsWithTheConfiguredSettingsAndFindNothingToReport() throws Exception {
        TaskcastProperties.Kafka kafka = kafka(prefix(), 2, Duration.ofDays(3));

        List<Mismatch> first = new TopicProvisioner(kafka).ensureTopics();

        assertThat(first).isEmpty();
        String events = kafka.topics().events().name();
        assertThat(admin.describeTopics(List.of(events)).allTopicNames().get().get(events).partitions()).hasSize(2);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, events);
        assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value())
                .isEqualTo("259200000");
        assertThat(new TopicProvisioner(kafka).ensureTopics()).isEmpty();
    }

    @Test
    void shouldReportAnExistingTopicWithAnotherPartitionCount() throws Exception {
        String prefix = prefix();
        TaskcastProperties.Kafka kafka = kafka(prefix, 3, null);
        String commands = kafka.topics().commands().name();
        admin.createTopics(List.of(new NewTopic(commands, 1, (short) 1))).all().get();

        List<Mismatch> found = new TopicProvisioner(kafka).ensureTopics();

        assertThat(found).containsExactly(new Mismatch(commands, "partitions", "3", "1", false));
    }

    @Test
    void shouldStopWhenTheTasksTopicIsNotCompacted() throws Exception {
        TaskcastProperties.Kafka kafka = kafka(prefix(), 1, null);
        String tasks = kafka.topics().tasks().name();
        admin.createTopics(List.of(new NewTopic(tasks, 1, (short) 1)
                .configs(Map.of("cleanup.policy", "delete")))).all().get();

        assertThatThrownBy(() -> new TopicProvisioner(kafka).ensureTopics())
                .isInstanceOf(TopicMismatchException.class)
                .hasMessageStartingWith("Topic " + tasks + " has cleanup.policy delete but configuration asks for compact");
    }

    private static TaskcastProperties.Kafka kafka(String prefix, int partitions, Duration eventsRetention) {
        return new TaskcastProperties.Kafka(bootstrapServers, prefix, partitions, (short) 1, Duration.ofSeconds(15),
                eventsRetention);
    }

    private static String prefix() {
        return "topics-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
