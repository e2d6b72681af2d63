package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.processor.engine.Cleanups;
import io.taskcast.kafka.processor.engine.Decision;
import io.taskcast.kafka.processor.engine.TaskEngine;
import io.taskcast.kafka.processor.engine.TaskState;
import io.taskcast.kafka.processor.engine.WebhookFanout;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.command.Accepted;
import io.taskcast.kafka.schemas.command.AssignTask;
import io.taskcast.kafka.schemas.command.FireTimer;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CommandResult;
import io.taskcast.kafka.schemas.command.CommandValidation;
import io.taskcast.kafka.schemas.command.Rejected;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Headers;
import io.taskcast.kafka.schemas.worker.PoolMessage;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads one raw command, asks the pure {@link TaskEngine} what it does, stores the new state and
 * forwards the effects to the view writer. Unreadable or invalid records go to the dead-letter
 * topic with the reason (and a 400 reply if the sender waits for one); the stream goes on.
 */
final class CommandHandler implements Processor<String, byte[], String, Object> {

    private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);
    /** A reason may quote the record's key or taskId; capped so the dead letter stays within its topic's limit. */
    private static final int MAX_REASON_CHARS = 1_000;

    private final Duration timerInterval;
    private final Cleanups cleanups;
    private final WebhookFanout fanout;
    private final CommandMeters meters;
    private final RecordLimit limit = RecordLimit.kafkaDefault();
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, TaskState> store;
    private TimerIndex timers;
    private SeenCommands seen;

    CommandHandler(Duration timerInterval, Cleanups cleanups, WebhookFanout fanout, CommandMeters meters) {
        this.timerInterval = timerInterval;
        this.cleanups = cleanups;
        this.fanout = fanout;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(TaskTopology.STATE_STORE);
        this.timers = new TimerIndex(context.getStateStore(TaskTopology.TIMER_STORE), cleanups);
        this.seen = new SeenCommands(context.getStateStore(TaskTopology.SEEN_COMMANDS_STORE));
        context.schedule(timerInterval, PunctuationType.WALL_CLOCK_TIME, this::fireDueTimers);
    }

    /** Writes due timers to the command log; they take effect when processed, like any command. */
    private void fireDueTimers(long now) {
        for (FireTimer timer : timers.takeDue(now)) {
            context.forward(new Record<String, Object>(timer.taskId(), timer, now), TaskTopology.TIMERS_SINK);
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Optional<ReplyAddress> replyTo = ReplyAddress.from(record.headers());
        Command command;
        try {
            command = read(record);
        } catch (InvalidCommandException e) {
            String reason = capped(e.getMessage());
            deadLetter(record, reason);
            replyTo.ifPresent(r -> reply(record, r, new Rejected(null, 400, "INVALID_COMMAND", reason)));
            meters.processed(CommandMeters.Outcome.DEAD_LETTERED, record.timestamp());
            return;
        }
        // Timers are written by this processor in its own transactions, so never twice.
        boolean fromOutside = !(command instanceof FireTimer);
        if (fromOutside && isSecondCopy(record, command)) {
            meters.processed(CommandMeters.Outcome.DUPLICATE, record.timestamp());
            return;
        }
        TaskState current = store.get(record.key());
        Decision decision = TaskEngine.decide(current, command, record.timestamp(), cleanups);
        meters.processed(apply(record, replyTo, command, current, decision), record.timestamp());
        if (fromOutside) {
            seen.remember(record.key(), command.commandId(), record.timestamp(), offset());
        }
    }

    /**
     * A command this task already had: the producer wrote it twice (see {@link SeenCommands}). It
     * is skipped without a reply; the first copy answered whoever waited.
     */
    private boolean isSecondCopy(Record<String, byte[]> record, Command command) {
        OptionalLong earlier = seen.earlierCopy(record.key(), command.commandId(), record.timestamp());
        if (earlier.isPresent()) {
            log.warn("Command {} for task {} at offset {} is a second copy of the one at offset {} (the producer"
                    + " wrote it twice); skipped", command.commandId(), record.key(), offset(), earlier.getAsLong());
        }
        return earlier.isPresent();
    }

    private long offset() {
        return context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
    }

    private static CommandMeters.Outcome outcome(Decision decision) {
        if (decision instanceof Decision.Refused) {
            return CommandMeters.Outcome.REJECTED;
        }
        return decision instanceof Decision.Ignored ? CommandMeters.Outcome.IGNORED : CommandMeters.Outcome.ACCEPTED;
    }

    private CommandMeters.Outcome apply(Record<String, byte[]> record, Optional<ReplyAddress> replyTo,
                                        Command command, TaskState current, Decision decision) {
        if (decision instanceof Decision.Applied applied) {
            WebhookFanout.Fanout fanned = fanout.fanOut(applied.next(), applied.records());
            TaskState next = fanned.next();
            List<TaskEvent> events = applied.records().stream().map(EventRecord::event).toList();
            Optional<Reply> reply = replyTo.map(r -> new Reply(r, new Accepted(command.commandId(), next.task(), events)));
            Effects effects = Effects.of(current == null ? null : current.task(), next, applied.records(),
                    fanned.deliveries(), reply, command instanceof AssignTask assign ? assign.pollId() : null);
            return commit(record, replyTo, command, current, next, effects);
        } else if (decision instanceof Decision.Imported imported) {
            return applyImport(record, replyTo, command, current, imported);
        } else if (decision instanceof Decision.Released released) {
            release(record, replyTo, command, released);
        } else if (decision instanceof Decision.CleanedUp cleaned) {
            store.put(record.key(), cleaned.next());
            timers.update(current, cleaned.next());
            log.info("Cleanup of task {}: {} rule(s) due, task {}", record.key(), cleaned.cleanup().rules().size(),
                    cleaned.cleanup().removesTask() ? "removed" : "kept, matching events removed");
            context.forward(new Record<>(record.key(), Effects.cleanup(current, cleaned.cleanup()),
                    record.timestamp()), TaskTopology.VIEW_WRITER);
        } else if (decision instanceof Decision.Refused refused && command instanceof AssignTask assign) {
            // The pool stage gives reserved slots back; the API that holds the wait waits on.
            context.forward(new Record<String, Object>(PoolMessage.DEFAULT_POOL, new PoolMessage.Refused(
                    assign.taskId(), assign.workerId(), assign.pollId(), refused.message()), record.timestamp()),
                    TaskTopology.POOL_SINK);
            replyTo.ifPresent(r -> reply(record, r,
                    new Rejected(command.commandId(), refused.status(), refused.code(), refused.message())));
        } else if (decision instanceof Decision.Refused refused) {
            replyTo.ifPresent(r -> reply(record, r,
                    new Rejected(command.commandId(), refused.status(), refused.code(), refused.message())));
        }
        return outcome(decision);
    }

    /**
     * An import replaces the task's history. Its generation is the command's offset, which grows
     * with each later command of the task (one partition), so a reader of the log can tell the
     * records an import superseded from those after it.
     */
    private CommandMeters.Outcome applyImport(Record<String, byte[]> record, Optional<ReplyAddress> replyTo,
                                              Command command, TaskState current, Decision.Imported imported) {
        TaskState next = imported.next().importedAs(offset());
        List<TaskEvent> events = imported.records().stream().map(EventRecord::event).toList();
        Optional<Reply> reply = replyTo.map(r -> new Reply(r,
                new Accepted(command.commandId(), next.task(), events, imported.overwritten(), null)));
        CommandMeters.Outcome outcome = commit(record, replyTo, command, current, next,
                Effects.imported(current == null ? null : current.task(), next, imported.records(), reply));
        if (outcome == CommandMeters.Outcome.ACCEPTED) {
            log.info("Task {} imported from an archive: {} event(s){}", record.key(), events.size(),
                    imported.overwritten() ? ", replacing the task that had this id" : "");
        }
        return outcome;
    }

    /** Stores the new state and hands the effects on, unless Kafka would refuse one of their records. */
    private CommandMeters.Outcome commit(Record<String, byte[]> record, Optional<ReplyAddress> replyTo,
                                         Command command, TaskState current, TaskState next, Effects effects) {
        Optional<String> tooLarge = limit.problem(record.key(), next, effects);
        if (tooLarge.isPresent()) {
            refuseTooLarge(record, replyTo, command, tooLarge.get());
            return CommandMeters.Outcome.DEAD_LETTERED;
        }
        store.put(record.key(), next);
        timers.update(current, next);
        context.forward(new Record<>(record.key(), effects, record.timestamp()), TaskTopology.VIEW_WRITER);
        return CommandMeters.Outcome.ACCEPTED;
    }

    /** A release lets Redis go of the task; one released before is only answered. */
    private void release(Record<String, byte[]> record, Optional<ReplyAddress> replyTo, Command command,
                         Decision.Released released) {
        Task task = released.next().task();
        Optional<Reply> reply = replyTo.map(r -> new Reply(r,
                new Accepted(command.commandId(), task, List.of(), null, released.released())));
        if (!released.released()) {
            reply.ifPresent(r -> reply(record, r.address(), r.result()));
            return;
        }
        store.put(record.key(), released.next());
        log.info("Task {} released from hot storage; its reads are served from the archive", record.key());
        context.forward(new Record<>(record.key(), Effects.released(released.next(), reply), record.timestamp()),
                TaskTopology.VIEW_WRITER);
    }

    /**
     * A valid command whose outputs Kafka would refuse: nothing of it is applied, the sender is told
     * why (413) and the command is dead-lettered with the same reason, as no reply may be awaited.
     */
    private void refuseTooLarge(Record<String, byte[]> record, Optional<ReplyAddress> replyTo, Command command,
                                String reason) {
        deadLetter(record, reason);
        replyTo.ifPresent(r -> reply(record, r, new Rejected(command.commandId(), 413, "PAYLOAD_TOO_LARGE", reason)));
    }

    private static Command read(Record<String, byte[]> record) {
        if (record.key() == null) {
            throw new InvalidCommandException("record has no key (the key must be the task id)");
        }
        if (record.value() == null) {
            throw new InvalidCommandException("record has no value");
        }
        Command command;
        try {
            command = Json.fromBytes(record.value(), Command.class);
        } catch (JacksonException e) {
            throw new InvalidCommandException("not a valid command: " + e.getOriginalMessage());
        }
        if (command == null) {
            throw new InvalidCommandException("not a valid command: the value is JSON null");
        }
        CommandValidation.problem(command).ifPresent(p -> {
            throw new InvalidCommandException(p);
        });
        if (!record.key().equals(command.taskId())) {
            throw new InvalidCommandException("record key '" + record.key() + "' differs from taskId '"
                    + command.taskId() + "'");
        }
        return command;
    }

    private static String capped(String reason) {
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS) + "…";
    }

    private void deadLetter(Record<String, byte[]> record, String reason) {
        String origin = context.recordMetadata().map(CommandHandler::origin).orElse("unknown");
        log.warn("Command at {} sent to the dead-letter topic: {}", origin, reason);
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(Headers.DLQ_REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.DLQ_ORIGIN, origin.getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<String, Object>(record.key(), record.value(), record.timestamp(), headers),
                TaskTopology.DLQ_SINK);
    }

    private void reply(Record<String, byte[]> record, ReplyAddress address, CommandResult result) {
        context.forward(Replies.record(new Reply(address, result), record.timestamp()), TaskTopology.REPLIES_SINK);
    }

    private static String origin(RecordMetadata m) {
        return m.topic() + "-" + m.partition() + "@" + m.offset();
    }

    /** A record that is not a valid command; the message is the reason recorded with it. */
    private static final class InvalidCommandException extends RuntimeException {
        InvalidCommandException(String message) {
            super(message, null, false, false);
        }
    }
}
