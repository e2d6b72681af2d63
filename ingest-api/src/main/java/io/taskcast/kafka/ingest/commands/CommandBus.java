package io.taskcast.kafka.ingest.commands;

import io.taskcast.kafka.platform.web.ApiException;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CommandResult;
import io.taskcast.kafka.platform.replies.LocalReplies;
import io.taskcast.kafka.schemas.topic.Headers;
import io.taskcast.kafka.schemas.topic.TopicSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.requestreply.KafkaReplyTimeoutException;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.requestreply.RequestReplyFuture;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Sends commands to {@code taskcast-commands} (key = task id) and waits for the processor's
 * correlated reply. Once Kafka has acknowledged the command it is durable, so a missing reply is
 * reported as pending, never as failure (architecture invariant 5). A send Kafka does not confirm
 * within the send timeout (the producer's delivery timeout; brokers down) is answered 503 saying the
 * outcome is unknown: the request may have reached a broker before its answer was lost.
 * <p>
 * When the processor that answers runs in this process, the reply comes in memory
 * ({@link LocalReplies}) and completes the request through the same template, as if read from the
 * topic; the correlation id is the command id, so both sides name the request alike.
 */
public final class CommandBus {

    private static final Logger log = LoggerFactory.getLogger(CommandBus.class);

    /** Beyond the producer's own delivery timeout, which normally fails the send first. */
    private static final Duration SEND_GRACE = Duration.ofSeconds(5);

    private final ReplyingKafkaTemplate<String, Command, CommandResult> template;
    private final String topic;
    private final Duration replyTimeout;
    private final Duration sendTimeout;
    private final LocalReplies localReplies;
    private final TopicSpec<String, CommandResult> replies;

    /**
     * @param sendTimeout  the producer's delivery timeout, which the template's producer must be configured with
     * @param localReplies where a processor of this process hands its replies over
     * @param replies      the replies topic, whose serde reads a reply handed over
     */
    public CommandBus(ReplyingKafkaTemplate<String, Command, CommandResult> template, String topic,
                      Duration replyTimeout, Duration sendTimeout, LocalReplies localReplies,
                      TopicSpec<String, CommandResult> replies) {
        this.template = template;
        this.topic = topic;
        this.replyTimeout = replyTimeout;
        this.sendTimeout = sendTimeout;
        this.localReplies = localReplies;
        this.replies = replies;
    }

    public Mono<CommandOutcome> submit(Command command) {
        return Mono.defer(() -> {
            RequestReplyFuture<String, Command, CommandResult> future;
            Runnable stopWaiting = localReplies.await(command.commandId(), reply -> handOver(command.commandId(), reply));
            try {
                future = template.sendAndReceive(new ProducerRecord<>(topic, command.taskId(), command), replyTimeout);
            } catch (KafkaException | org.springframework.kafka.KafkaException e) {
                stopWaiting.run();
                // Thrown before the record reached the producer's buffer: no metadata within max.block.ms,
                // or a record too large (spring-kafka reports these with its own exception type).
                return Mono.error(notSent(command, e));
            }
            future.whenComplete((reply, error) -> stopWaiting.run());
            Mono<CommandOutcome> reply = Mono.fromFuture(future)
                    .<CommandOutcome>map(r -> new CommandOutcome.Answered(r.value()))
                    .onErrorResume(KafkaReplyTimeoutException.class, e -> pending(command));
            return Mono.fromFuture(future.getSendFuture())
                    .timeout(sendTimeout.plus(SEND_GRACE))
                    .onErrorMap(e -> unavailable(command, e))
                    .then(reply);
        // Sending may block while the producer waits for metadata (max.block.ms): not on the event loop.
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Completes the request with a reply a processor of this process handed over, off the
     * processor's thread (reading it and writing the HTTP answer are the ingest's work).
     */
    private void handOver(String commandId, byte[] reply) {
        Schedulers.parallel().schedule(() -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(Headers.CORRELATION_ID, commandId.getBytes(StandardCharsets.UTF_8));
            CommandResult result = replies.valueSerde().deserializer().deserialize(replies.name(), reply);
            template.onMessage(List.of(new ConsumerRecord<>(replies.name(), -1, -1L, -1L, TimestampType.NO_TIMESTAMP_TYPE,
                    -1, reply.length, commandId, result, headers, Optional.empty())));
        });
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
