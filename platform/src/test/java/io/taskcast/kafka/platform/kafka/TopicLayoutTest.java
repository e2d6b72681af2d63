package io.taskcast.kafka.platform.kafka;

import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.kafka.TopicLayout.Expected;
import io.taskcast.kafka.platform.kafka.TopicLayout.Mismatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which settings each topic is created with, and which differences of an existing topic matter. */
class TopicLayoutTest {

    private static final TaskcastProperties.Kafka KAFKA = new TaskcastProperties.Kafka("k:9092", "t", 6, (short) 3,
            Duration.ofSeconds(15), Duration.ofDays(7));
    private static final Expected EVENTS = new Expected("t-events", 6, (short) 3, "delete", 604_800_000L);
    private static final Expected TASKS = new Expected("t-tasks", 6, (short) 3, "compact", null);

    @Test
    void shouldGiveEveryTopicTheConfiguredPartitionsAndReplicasAndOnlyTheEventsTopicTheRetention() {
        List<Expected> layout = TopicLayout.expected(KAFKA);

        assertThat(layout).contains(EVENTS, TASKS,
                new Expected("t-commands", 6, (short) 3, "delete", null),
                new Expected("t-workers", 6, (short) 3, "delete", null),
                new Expected("t-worker-news", 6, (short) 3, "delete", null));
        assertThat(layout).hasSize(10).allSatisfy(t -> assertThat(t.partitions()).isEqualTo(6));
    }

    @Test
    void shouldFindNothingWhenTheTopicIsAsConfigured() {
        assertThat(TopicLayout.compare(EVENTS, 6, 3,
                Map.of("cleanup.policy", "delete", "retention.ms", "604800000"))).isEmpty();
        assertThat(TopicLayout.compare(TASKS, 6, 3, Map.of("cleanup.policy", "compact", "retention.ms", "1"))).isEmpty();
    }

    @Test
    void shouldToleratePartitionReplicaAndRetentionDifferences() {
        List<Mismatch> found = TopicLayout.compare(EVENTS, 3, 1,
                Map.of("cleanup.policy", "delete", "retention.ms", "86400000"));

        assertThat(found).containsExactly(
                new Mismatch("t-events", "partitions", "6", "3", false),
                new Mismatch("t-events", "replication factor", "3", "1", false),
                new Mismatch("t-events", "retention.ms", "604800000", "86400000", false));
        assertThat(found.get(0).message()).isEqualTo("Topic t-events has partitions 3 but configuration asks for 6;"
                + " keeping the topic as it is (taskcast.kafka.partitions / TASKCAST_KAFKA_PARTITIONS apply only to"
                + " new topics)");
    }

    @Test
    void shouldCallADifferentCleanupPolicyUnsafeEitherWay() {
        assertThat(TopicLayout.compare(TASKS, 6, 3, Map.of("cleanup.policy", "delete")))
                .containsExactly(new Mismatch("t-tasks", "cleanup.policy", "compact", "delete", true));
        assertThat(TopicLayout.compare(TASKS, 6, 3, Map.of("cleanup.policy", "compact,delete")))
                .extracting(Mismatch::unsafe).containsExactly(true);
        assertThat(TopicLayout.compare(EVENTS, 6, 3, Map.of("cleanup.policy", "compact", "retention.ms", "604800000")))
                .singleElement().satisfies(m -> assertThat(m.message()).startsWith(
                        "Topic t-events has cleanup.policy compact but configuration asks for delete; running would"
                                + " lose data, so start-up stops."));
    }
}
