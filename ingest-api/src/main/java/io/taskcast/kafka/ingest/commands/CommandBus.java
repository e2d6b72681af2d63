package io.taskcast.kafka.ingest.commands;

import io.taskcast.kafka.ingest.web.ApiException;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CommandResult;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.requestreply.KafkaReplyTimeoutException;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.requestreply.RequestReplyFuture;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;

/**
 * Sends commands to {@code taskcast-commands} (key = task id) and waits for the processor's
 * correlated reply. Once Kafka has acknowledged the command it is durable, so a missing reply is
 * reported as pending, never as failure (architecture invariant 5). A send Kafka does not confirm
 * within the send timeout (the producer's delivery timeout; brokers down) is answered 503 saying the
 * outcome is unknown: the request may have reached a broker before its answer was lost.
 */
public final class CommandBus {

    private static final Logger log = LoggerFactory.getLogger(CommandBus.class);

    /** Beyond the producer's own delivery timeout, which normally fails the send first. */
    private static final Duration SEND_GRACE = Duration.ofSeconds(5);

    private final ReplyingKafkaTemplate<String, Command, CommandResult> template;
    private final String topic;
    private final Duration replyTimeout;
    private final Duration sendTimeout;

    /** @param sendTimeout the producer's delivery timeout, which the template's producer must be configured with */
    public CommandBus(ReplyingKafkaTemplate<String, Command, CommandResult> template, String topic,
                      Duration replyTimeout, Duration sendTimeout) {
        this.template = template;
        this.topic = topic;
        this.replyTimeout = replyTimeout;
        this.sendTimeout = sendTimeout;
    }

    public Mono<CommandOutcome> submit(Command command) {
        return Mono.defer(() -> {
            RequestReplyFuture<String, Command, CommandResult> future;
            try {
                future = template.sendAndReceive(new ProducerRecord<>(topic, command.taskId(), command), replyTimeout);
            } catch (KafkaException | org.springframework.kafka.KafkaException e) {
                // Thrown before the record reached the producer's buffer: no metadata within max.block.ms,
                // or a record too large (spring-kafka reports these with its own exception type).
                return Mono.error(notSent(command, e));
            }
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
