package io.taskcast.kafka.ingest.commands;

import io.taskcast.kafka.schemas.command.CommandResult;

/** What became of a submitted command: the processor answered, or it is durable but not answered yet. */
public sealed interface CommandOutcome {

    record Answered(CommandResult result) implements CommandOutcome {
    }

    record Pending(String commandId, String taskId) implements CommandOutcome {
    }
}
