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

import java.time.Duration;

/**
 * Sends commands to {@code taskcast-commands} (key = task id) and waits for the processor's
 * correlated reply. Once Kafka has acknowledged the command it is durable, so a missing reply is
 * reported as pending, never as failure (architecture invariant 5).
 */
public final class CommandBus {

    private static final Logger log = LoggerFactory.getLogger(CommandBus.class);

    private final ReplyingKafkaTemplate<String, Command, CommandResult> template;
    private final String topic;
    private final Duration replyTimeout;

    public CommandBus(ReplyingKafkaTemplate<String, Command, CommandResult> template, String topic,
                      Duration replyTimeout) {
        this.template = template;
        this.topic = topic;
        this.replyTimeout = replyTimeout;
    }

    public Mono<CommandOutcome> submit(Command command) {
        return Mono.defer(() -> {
            RequestReplyFuture<String, Command, CommandResult> future;
            try {
                future = template.sendAndReceive(new ProducerRecord<>(topic, command.taskId(), command), replyTimeout);
            } catch (KafkaException | org.springframework.kafka.KafkaException e) {
                // spring-kafka reports a send that fails at once (a record too large, say) with its own type
                return Mono.error(unavailable(command, e));
            }
            Mono<CommandOutcome> reply = Mono.fromFuture(future)
                    .<CommandOutcome>map(r -> new CommandOutcome.Answered(r.value()))
                    .onErrorResume(KafkaReplyTimeoutException.class, e -> pending(command));
            return Mono.fromFuture(future.getSendFuture())
                    .onErrorMap(e -> unavailable(command, e))
                    .then(reply);
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

    private static ApiException unavailable(Command command, Throwable e) {
        if (causedByTooLargeRecord(e)) {
            log.warn("Command {} for task {} is larger than the command log takes: {}", command.commandId(),
                    command.taskId(), e.getMessage());
            return new ApiException(413, "PAYLOAD_TOO_LARGE",
                    "The command is larger than a record of the command log may be (about 1 MiB with its envelope);"
                            + " the request was not accepted, send less data");
        }
        log.error("Kafka did not accept command {} for task {}", command.commandId(), command.taskId(), e);
        return new ApiException(503, "KAFKA_UNAVAILABLE",
                "The command log is unavailable; the request was not accepted, retry later");
    }
}
