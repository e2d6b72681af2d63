package io.taskcast.kafka.schemas.command;

import java.util.List;

/** Appends one or more events to a task, in order. */
public record PublishEvents(String commandId, String taskId, List<EventInput> events) implements Command {
}
