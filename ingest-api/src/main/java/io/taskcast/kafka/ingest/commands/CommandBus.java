package io.taskcast.kafka.ingest.commands;

import io.taskcast.kafka.platform.replies.LocalReplies;
import io.taskcast.kafka.platform.web.ApiException;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CommandResult;
import io.taskcast.kafka.schemas.topic.Headers;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends commands to {@code taskcast-commands} (key = task id) and waits for the processor's
 * correlated reply. Once Kafka has acknowledged the command it is durable, so a missing reply is
 * reported as pending, never as failure (architecture invariant 5). A send Kafka does not confirm
 * within the send timeout (the producer's delivery timeout; brokers down) is answered 503 saying the
 * outcome is unknown: the request may have reached a broker before its answer was lost.
 * <p>
 * Each command carries the request/reply headers ({@link Headers}): its command id as the
 * correlation id, and the partition of the results topic this instance reads ({@link ReplyChannel}).
 * When the processor that answers runs in this process, the reply comes in memory
 * ({@link LocalReplies}) instead, and completes the same request.
 */
public final class CommandBus {

    private static final Logger log = LoggerFactory.getLogger(CommandBus.class);

    /** Beyond the producer's own delivery timeout, which normally fails the send first. */
    private static final Duration SEND_GRACE = Duration.ofSeconds(5);

    private final Producer<String, Command> producer;
    private final String topic;
    private final ReplyChannel replies;
    private final Duration replyTimeout;
    private final Duration sendTimeout;
    private final LocalReplies localReplies;
    private final Deserializer<CommandResult> results;
    /** Where the replies go, the same on every command this instance sends. */
    private final byte[] replyTopic;
    private final byte[] replyPartition;

    /**
     * @param producer     writes the commands; its delivery timeout is {@code sendTimeout}
     * @param replies      where this instance reads its replies, and the requests waiting for them
     * @param localReplies where a processor of this process hands its replies over
     * @param results      reads a reply handed over
     */
    public CommandBus(Producer<String, Command> producer, String topic, ReplyChannel replies, Duration replyTimeout,
                      Duration sendTimeout, LocalReplies localReplies, Deserializer<CommandResult> results) {
        this.producer = producer;
        this.topic = topic;
        this.replies = replies;
        this.replyTimeout = replyTimeout;
        this.sendTimeout = sendTimeout;
        this.localReplies = localReplies;
        this.results = results;
        this.replyTopic = replies.topic().getBytes(StandardCharsets.UTF_8);
        this.replyPartition = ByteBuffer.allocate(Integer.BYTES).putInt(replies.partition()).array();
    }

    public Mono<CommandOutcome> submit(Command command) {
        return Mono.defer(() -> {
            String id = command.commandId();
            CompletableFuture<CommandResult> reply = replies.await(id)
                    .orTimeout(replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
            Runnable stopWaiting = localReplies.await(id, bytes -> handOver(id, bytes));
            reply.whenComplete((result, error) -> stopWaiting.run());
            CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
            try {
                producer.send(record(command), (metadata, error) -> {
                    if (error != null) {
                        sent.completeExceptionally(error);
                    } else {
                        sent.complete(metadata);
                    }
                });
            } catch (KafkaException e) {
                reply.cancel(false);
                // Thrown before the record reached the producer's buffer: no metadata within
                // max.block.ms, or a record too large.
                return Mono.error(notSent(command, e));
            }
            sent.whenComplete((metadata, error) -> {
                if (error != null) {
                    reply.cancel(false);
                }
            });
            Mono<CommandOutcome> answer = Mono.fromFuture(reply)
                    .<CommandOutcome>map(CommandOutcome.Answered::new)
                    .onErrorResume(TimeoutException.class, e -> pending(command));
            return Mono.fromFuture(sent)
                    .timeout(sendTimeout.plus(SEND_GRACE))
                    .onErrorMap(e -> unavailable(command, e))
                    .then(answer);
        // Sending may block while the producer waits for metadata (max.block.ms): not on the event loop.
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private ProducerRecord<String, Command> record(Command command) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.CORRELATION_ID, command.commandId().getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.REPLY_TOPIC, replyTopic);
        headers.add(Headers.REPLY_PARTITION, replyPartition);
        return new ProducerRecord<>(topic, null, command.taskId(), command, headers);
    }

    /**
     * Completes the request with a reply a processor of this process handed over, off the
     * processor's thread (reading it and writing the HTTP answer are the ingest's work).
     */
    private void handOver(String commandId, byte[] reply) {
        Schedulers.parallel().schedule(() -> replies.complete(commandId, results.deserialize(replies.topic(), reply)));
    }

    private static boolean causedByTooLargeRecord(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private static Mono<CommandOutcome> pending(Command command) {
        log.warn("No reply to command {} for task {} in time; it is durable and will be applied",
                command.commandId(), command.taskId());
        return Mono.just(new CommandOutcome.Pending(command.commandId(), command.taskId()));
    }

    private ApiException unavailable(Command command, Throwable e) {
        if (!timedOut(e)) {
            return notSent(command, e);
        }
        log.warn("Kafka did not confirm command {} for task {} within {} s; it may or may not be applied: {}",
                command.commandId(), command.taskId(), sendTimeout.toSeconds(), rootCause(e));
        return new ApiException(503, "KAFKA_UNAVAILABLE", "The command log (Kafka) did not confirm the command"
                + " within " + sendTimeout.toSeconds() + " s; it may or may not have been recorded (command "
                + command.commandId() + "), so check the task before retrying");
    }

    private static ApiException notSent(Command command, Throwable e) {
        if (causedByTooLargeRecord(e)) {
            log.warn("Command {} for task {} is larger than the command log takes: {}", command.commandId(),
                    command.taskId(), rootCause(e));
            return new ApiException(413, "PAYLOAD_TOO_LARGE",
                    "The command is larger than a record of the command log may be (about 1 MiB with its envelope);"
                            + " the request was not accepted, send less data");
        }
        if (timedOut(e)) {
            // Brokers unreachable: one line per refused write, without a stack trace.
            log.warn("Kafka did not accept command {} for task {}: {}", command.commandId(), command.taskId(),
                    rootCause(e));
        } else {
            log.error("Kafka did not accept command {} for task {}", command.commandId(), command.taskId(), e);
        }
        return new ApiException(503, "KAFKA_UNAVAILABLE",
                "The command log (Kafka) is unavailable; the request was not accepted, retry later");
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException
                    || cause instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
