package io.taskcast.kafka.processor.archive;

import io.taskcast.kafka.schemas.cleanup.CleanupRule;
import io.taskcast.kafka.schemas.cleanup.CleanupTarget;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cleanup waits until the archiver has consumed the task's events partition up to where it
 * ended when the cleanup was first read — and only that far, even if more events keep coming.
 */
class CleanupBarrierTest {

    private static final String TASKS = "t-tasks";
    private static final String EVENTS = "t-events";
    private static final int PARTITIONS = 3;
    private static final String TASK_ID = "task-42";

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final CleanupBarrier barrier = new CleanupBarrier(EVENTS);
    private final TopicPartition events = new TopicPartition(EVENTS,
            Utils.toPositive(Utils.murmur2(TASK_ID.getBytes(StandardCharsets.UTF_8))) % PARTITIONS);
    private final PendingCleanup cleanup = new PendingCleanup(new TopicPartition(TASKS, events.partition()), 7,
            new TaskCleanup(TASK_ID, 0, List.of(new CleanupRule(null, null, null, CleanupTarget.ALL, null))));

    @BeforeEach
    void partitions() {
        consumer.updatePartitions(EVENTS, IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new PartitionInfo(EVENTS, p, null, null, null)).toList());
        consumer.updateBeginningOffsets(Map.of(events, 0L));
    }

    @Test
    void shouldHoldACleanupUntilTheTasksEventsPartitionIsConsumedToItsEndAtFirstSight() {
        // given the events partition ends at 10 and this consumer is at 3
        consumer.assign(List.of(events, cleanup.partition()));
        consumer.updateEndOffsets(Map.of(events, 10L));
        consumer.seek(events, 3);

        // then the cleanup waits
        assertThat(barrier.passable(consumer, cleanup)).isFalse();

        // when more events arrive meanwhile (end 25) and the consumer reaches 10
        consumer.updateEndOffsets(Map.of(events, 25L));
        consumer.seek(events, 10);

        // then it passes: what came after it was first read cannot belong to the cleaned task
        assertThat(barrier.passable(consumer, cleanup)).isTrue();
    }

    @Test
    void shouldForgetBarriersOfPartitionsNoLongerOwned() {
        consumer.assign(List.of(events, cleanup.partition()));
        consumer.updateEndOffsets(Map.of(events, 10L));
        consumer.seek(events, 3);
        assertThat(barrier.passable(consumer, cleanup)).isFalse();

        // when the tasks partition moves away and back, the barrier is taken anew (end now 30)
        barrier.retainOnly(Set.of(events));
        consumer.updateEndOffsets(Map.of(events, 30L));
        consumer.seek(events, 10);

        assertThat(barrier.passable(consumer, cleanup)).isFalse();
    }
}
