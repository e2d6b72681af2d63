package io.taskcast.kafka.ingest.commands;

import com.github.f4b6a3.ulid.UlidCreator;
import io.taskcast.kafka.platform.replies.LocalReplies;
import io.taskcast.kafka.platform.web.ApiException;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.command.Accepted;
import io.taskcast.kafka.schemas.command.CommandResult;
import io.taskcast.kafka.schemas.command.Rejected;
import io.taskcast.kafka.schemas.topic.Headers;
import io.taskcast.kafka.schemas.worker.MatchRule;
import io.taskcast.kafka.schemas.worker.PoolMessage;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A worker's long poll (docs/workers.md): a {@code wait} on {@code taskcast-workers} with this
 * instance's reply address, answered by the task stage once it assigned a task for it. When the
 * poll ends without that answer (its timeout, or the worker hung up) a {@code stop-waiting} follows,
 * so a task assigned for it that nobody will hear of goes back to pending.
 */
public final class WorkerBus {

    private static final Logger log = LoggerFactory.getLogger(WorkerBus.class);

    private final Producer<String, PoolMessage> producer;
    private final String topic;
    private final ReplyChannel replies;
    private final LocalReplies localReplies;
    private final Deserializer<CommandResult> results;
    private final Clock clock;
    private final byte[] replyTopic;
    private final byte[] replyPartition;

    public WorkerBus(Producer<String, PoolMessage> producer, String topic, ReplyChannel replies,
                     LocalReplies localReplies, Deserializer<CommandResult> results, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.replies = replies;
        this.localReplies = localReplies;
        this.results = results;
        this.clock = clock;
        this.replyTopic = replies.topic().getBytes(StandardCharsets.UTF_8);
        this.replyPartition = ByteBuffer.allocate(Integer.BYTES).putInt(replies.partition()).array();
    }

    /**
     * Waits up to {@code timeout} for a task assigned to the worker.
     *
     * @param weight   the worker's weight from now on, or null to keep it
     * @param capacity the worker's capacity from now on, or null to keep it
     * @param rule     the tasks the worker takes from now on, or null to keep its rule (any task for a new one)
     * @return the task assigned, or empty when none came in time
     */
    public Mono<Optional<Task>> pull(String workerId, Integer weight, Integer capacity, MatchRule rule,
                                     Duration timeout) {
        return Mono.defer(() -> {
            String pollId = "poll-" + UlidCreator.getMonotonicUlid();
            CompletableFuture<CommandResult> reply = replies.await(pollId);
            Runnable stopLocal = localReplies.await(pollId, bytes -> Schedulers.parallel().schedule(
                    () -> replies.complete(pollId, results.deserialize(replies.topic(), bytes))));
            reply.whenComplete((result, error) -> stopLocal.run());
            AtomicBoolean answered = new AtomicBoolean();
            long until = clock.millis() + timeout.toMillis();
            send(new PoolMessage.Wait(workerId, pollId, until, weight, capacity, rule), true);
            return Mono.fromFuture(reply, true)
                    .timeout(timeout)
                    .map(result -> {
                        answered.set(true);
                        return task(result);
                    })
                    .onErrorResume(TimeoutException.class, e -> Mono.just(Optional.empty()))
                    .doFinally(signal -> {
                        reply.cancel(false);
                        if (!answered.get()) {
                            // Whatever was assigned for this poll, nobody hears of it: give it back.
                            send(new PoolMessage.StopWaiting(workerId, pollId), false);
                        }
                    });
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static Optional<Task> task(CommandResult result) {
        if (result instanceof Accepted accepted) {
            return Optional.of(accepted.task());
        }
        Rejected rejected = (Rejected) result;
        throw new ApiException(rejected.status(), rejected.code(), rejected.message());
    }

    private void send(PoolMessage message, boolean withReplyAddress) {
        RecordHeaders headers = new RecordHeaders();
        if (message instanceof PoolMessage.Wait wait && withReplyAddress) {
            headers.add(Headers.CORRELATION_ID, wait.pollId().getBytes(StandardCharsets.UTF_8));
            headers.add(Headers.REPLY_TOPIC, replyTopic);
            headers.add(Headers.REPLY_PARTITION, replyPartition);
        }
        try {
            producer.send(new ProducerRecord<>(topic, null, PoolMessage.DEFAULT_POOL, message, headers), (m, e) -> {
                if (e != null) {
                    log.warn("Kafka did not take {} for the worker pool: {}", message.getClass().getSimpleName(),
                            e.toString());
                }
            });
        } catch (KafkaException e) {
            throw new ApiException(503, "KAFKA_UNAVAILABLE",
                    "The command log (Kafka) is unavailable; the request was not accepted, retry later");
        }
    }
}
