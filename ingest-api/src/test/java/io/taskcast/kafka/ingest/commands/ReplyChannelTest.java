package io.taskcast.kafka.ingest.commands;

import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.kafka.ConsumerLoop;
import io.taskcast.kafka.schemas.command.CommandResult;
import io.taskcast.kafka.schemas.command.Rejected;
import io.taskcast.kafka.schemas.topic.Headers;
import io.taskcast.kafka.schemas.topic.TopicSpec;
import io.taskcast.kafka.schemas.topic.Topics;
import io.taskcast.kafka.testkit.FaultyConsumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ingest's reply reader on a stand-in consumer (the real broker's side is in every write of
 * the system tests): it completes the requests waiting here, skips the rest, and, as every reader's
 * {@link ConsumerLoop}, carries on after a failed poll and is unready while polls fail.
 */
class ReplyChannelTest {

    private static final TopicSpec<String, CommandResult> RESULTS = Topics.withPrefix("reply-test").commandResults();
    private static final TopicPartition PARTITION = new TopicPartition(RESULTS.name(), 1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MockConsumer<String, CommandResult> consumer = new MockConsumer<>("latest");
    private final FaultyConsumer faults = new FaultyConsumer();
    private final ReplyChannel channel = new ReplyChannel(faults.wrap(() -> consumer), RESULTS, 1, HookDispatcher.none(),
            ConsumerLoop.Settings.defaults());
    private long offset;

    @BeforeEach
    void start() {
        consumer.updateEndOffsets(Map.of(PARTITION, 0L));
        channel.start();
    }

    @AfterEach
    void stop() {
        channel.stop();
    }

    @Test
    void shouldCompleteTheRequestWaitingHereAndSkipRepliesNoOneHereWaitsFor() {
        // given
        CompletableFuture<CommandResult> reply = channel.await("c1");

        // when: another instance's reply on the shared partition, then ours, then a second copy of ours
        append("someone-else");
        append("c1");
        append("c1");

        // then
        await().atMost(WAIT).until(reply::isDone);
        assertThat(reply.join()).isEqualTo(result("c1"));
        assertThat(channel.waiting()).isZero();
    }

    @Test
    void shouldGoOnAfterAFailedCommitAndAnotherKafkaErrorAndBeUnreadyWhileItCannotRead() {
        // given
        assertThat(ready()).isTrue();

        // when: a poll fails with a failed commit, the next with another Kafka error
        faults.failNextPolls(new CommitFailedException(), new KafkaException("injected: fetch refused"));
        await().atMost(WAIT).until(() -> faults.thrown() == 2);
        CompletableFuture<CommandResult> first = channel.await("c1");
        append("c1");

        // then: it carried on (the reply is appended after both failures, so a poll already past
        // the fault check when they were queued cannot take it)
        await().atMost(WAIT).until(first::isDone);
        assertThat(first.join()).isEqualTo(result("c1"));

        // when: every poll fails
        faults.failEveryPoll(new KafkaException("injected: every fetch refused"));
        await().atMost(WAIT).until(() -> !ready());
        CompletableFuture<CommandResult> second = channel.await("c2");
        append("c2");

        // then: ready again, and the reply read, once polls succeed
        faults.heal();
        await().atMost(WAIT).until(this::ready);
        await().atMost(WAIT).until(second::isDone);
        assertThat(second.join()).isEqualTo(result("c2"));
    }

    @Test
    void shouldForgetARequestThatStoppedWaiting() {
        CompletableFuture<CommandResult> reply = channel.await("c1");

        reply.cancel(false);

        assertThat(channel.waiting()).isZero();
    }

    private boolean ready() {
        return channel.readiness().check().block().ok();
    }

    private void append(String correlationId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        consumer.addRecord(new ConsumerRecord<>(RESULTS.name(), 1, offset++, -1L, TimestampType.NO_TIMESTAMP_TYPE, -1, -1,
                "task", result(correlationId), headers, Optional.empty()));
    }

    private static CommandResult result(String correlationId) {
        return new Rejected(correlationId, 409, "TASK_CONFLICT", "for " + correlationId);
    }
}
