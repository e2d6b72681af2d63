package io.taskcast.kafka.gateway.live;

import io.taskcast.kafka.schemas.topic.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.kafka.ConsumerLoop;
import io.taskcast.kafka.testkit.FaultyConsumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.topic.TopicSpec;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's one live reader, on a stand-in consumer (the real broker's side is covered by the
 * stream ITs): every open stream of the instance waits on it, so nothing a poll or a listener
 * throws may end it.
 */
class LiveEventsTest {

    private static final TopicSpec<String, EventRecord> EVENTS = Topics.withPrefix("live-test").events();
    private static final TopicPartition PARTITION = new TopicPartition(EVENTS.name(), 0);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MockConsumer<String, EventRecord> consumer = new MockConsumer<>("latest");
    private final LiveListeners listeners = new LiveListeners();
    private final List<Long> received = new CopyOnWriteArrayList<>();
    private final FaultyConsumer faults = new FaultyConsumer();
    private final LiveEvents live = new LiveEvents(faults.wrap(() -> consumer), EVENTS, Duration.ofMillis(5),
            listeners, HookDispatcher.none(), ConsumerLoop.Settings.defaults());
    private long offset;

    @AfterEach
    void stop() {
        live.stop();
    }

    @Test
    void shouldGoOnReadingAfterAPollFails() {
        // given: a running reader with a stream listening
        listeners.onTask("t", record -> received.add(record.event().index()));
        start();
        append(0);
        await().atMost(WAIT).until(() -> received.contains(0L));

        // when: a poll fails (say the broker refused the fetch), then more events come
        consumer.setPollException(new KafkaException("fetch refused"));
        append(1);
        append(2);

        // then: the reader retried and the stream gets them
        await().atMost(WAIT).until(() -> received.size() == 3);
        assertThat(received).containsExactly(0L, 1L, 2L);
        assertThat(live.readerAlive()).isTrue();
    }

    @Test
    void shouldGoOnAfterAFailedCommitAndAnotherKafkaErrorAndBeUnreadyWhileItCannotRead() {
        // given: a running reader with a stream listening
        listeners.onTask("t", record -> received.add(record.event().index()));
        start();
        assertThat(ready()).isTrue();

        // when: a poll fails with a failed commit, the next with another Kafka error
        faults.failNextPolls(new CommitFailedException(), new KafkaException("injected: fetch refused"));
        await().atMost(WAIT).until(() -> faults.thrown() == 2);
        append(0);

        // then: it carried on (the event is appended after both failures, so no poll already
        // past the fault check when they were queued can take it: that raced once in CI)
        await().atMost(WAIT).until(() -> received.contains(0L));
        assertThat(live.readerAlive()).isTrue();

        // when: every poll fails
        faults.failEveryPoll(new KafkaException("injected: every fetch refused"));
        await().atMost(WAIT).until(() -> !ready());
        append(1);

        // then: ready again and the event delivered once polls succeed
        faults.heal();
        await().atMost(WAIT).until(this::ready);
        await().atMost(WAIT).until(() -> received.contains(1L));
        assertThat(received).containsExactly(0L, 1L);
        assertThat(live.readerAlive()).isTrue();
    }

    @Test
    void shouldGiveAnEventToEveryOtherListenerWhenOneThrows() {
        // given: a stream whose listener fails, another stream of the task and a global one
        List<Long> global = new CopyOnWriteArrayList<>();
        listeners.onTask("t", record -> {
            throw new IllegalStateException("broken stream");
        });
        listeners.onTask("t", record -> received.add(record.event().index()));
        listeners.onEveryTask(record -> global.add(record.event().index()));
        start();

        // when
        append(0);
        append(1);

        // then
        await().atMost(WAIT).until(() -> received.size() == 2 && global.size() == 2);
        assertThat(received).containsExactly(0L, 1L);
        assertThat(global).containsExactly(0L, 1L);
    }

    @Test
    void shouldHandOnEachEventOnceWhenAnAbortedTransactionWritesItAgain() {
        // given: streams of the task and a global one
        List<Long> global = new CopyOnWriteArrayList<>();
        listeners.onTask("t", record -> received.add(record.event().index()));
        listeners.onEveryTask(record -> global.add(record.event().index()));
        start();

        // when: events 0-2 are read uncommitted, their transaction aborts, and the retry writes 0-3
        for (long index : new long[] {0, 1, 2, 0, 1, 2, 3}) {
            append(index);
        }

        // then: each event once, in order, and the copies counted
        await().atMost(WAIT).until(() -> received.size() >= 4 && global.size() >= 4);
        assertThat(received).containsExactly(0L, 1L, 2L, 3L);
        assertThat(global).containsExactly(0L, 1L, 2L, 3L);
        assertThat(live.copiesDropped()).isEqualTo(3);
    }

    @Test
    void shouldNotHandOnAnImportAndLetTheTaskNumberItsEventsAnew() {
        // given: a global stream that saw events 0-4 of the task
        List<Long> global = new CopyOnWriteArrayList<>();
        listeners.onEveryTask(record -> global.add(record.event().index()));
        start();
        for (long index = 0; index < 5; index++) {
            append(index);
        }
        await().atMost(WAIT).until(() -> global.size() == 5);

        // when: an import replaces it with two events (the record that starts it, then 0 and 1), and
        // the imported task goes on with event 2
        RecordHeaders imported = new RecordHeaders();
        imported.add(Headers.IMPORTED, "7".getBytes(StandardCharsets.UTF_8));
        consumer.addRecord(new ConsumerRecord<>(EVENTS.name(), 0, offset++, 0L, TimestampType.CREATE_TIME, -1, -1,
                "t", null, imported, Optional.empty()));
        for (long index : new long[] {0, 1}) {
            TaskEvent event = new TaskEvent("i" + index, "t", index, index, "log", Level.INFO, null, null, null, null,
                    null);
            consumer.addRecord(new ConsumerRecord<>(EVENTS.name(), 0, offset++, 0L, TimestampType.CREATE_TIME, -1, -1,
                    "t", EventRecord.plain(event), imported, Optional.empty()));
        }
        append(2);

        // then: the imported events are not handed on, and event 2 is not taken for a copy
        await().atMost(WAIT).until(() -> global.size() >= 6);
        assertThat(global).containsExactly(0L, 1L, 2L, 3L, 4L, 2L);
        assertThat(live.copiesDropped()).isZero();
    }

    private boolean ready() {
        return live.readiness().check().block().ok();
    }

    private void start() {
        consumer.updatePartitions(EVENTS.name(), List.of(new PartitionInfo(EVENTS.name(), 0, null, null, null)));
        consumer.updateEndOffsets(Map.of(PARTITION, 0L));
        live.start();
    }

    private void append(long index) {
        TaskEvent event = new TaskEvent("e" + index, "t", index, index, "log", Level.INFO, null, null, null, null, null);
        consumer.addRecord(new ConsumerRecord<>(EVENTS.name(), 0, offset++, "t", EventRecord.plain(event)));
    }
}
