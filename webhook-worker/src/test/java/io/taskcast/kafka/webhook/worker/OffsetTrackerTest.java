package io.taskcast.kafka.webhook.worker;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Deliveries finish out of order; the committable offset never passes an unfinished one. */
class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("d", 0);
    private static final TopicPartition P1 = new TopicPartition("d", 1);

    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void shouldCommitUpToTheOldestUnfinishedRecord() {
        tracker.polled(P0, 10);
        tracker.polled(P0, 11);
        tracker.polled(P0, 12);

        tracker.done(P0, 11);
        tracker.done(P0, 12);
        assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(10)));

        tracker.done(P0, 10);
        assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(13)));
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void shouldTrackPartitionsApartAndForgetRevokedOnes() {
        tracker.polled(P0, 5);
        tracker.polled(P1, 7);
        tracker.done(P1, 7);

        assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(5), P1, new OffsetAndMetadata(8)));
        assertThat(tracker.pendingCount()).isEqualTo(1);

        tracker.forget(List.of(P0));
        tracker.done(P0, 5);
        assertThat(tracker.committable()).isEqualTo(Map.of(P1, new OffsetAndMetadata(8)));
        assertThat(tracker.pendingCount()).isZero();
    }
}
