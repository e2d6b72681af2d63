package io.taskcast.kafka.schemas.command;

import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;

import java.util.List;

/**
 * Replaces a task's state and history with an archive's (taskcast-extras.md §6): the task as the
 * archive holds it and its events, numbered 0..n-1. Refused when the id is taken and
 * {@code overwrite} is false. An import is not broadcast to live streams and sends no webhooks.
 *
 * @param task   the archived task; its id equals {@code taskId}
 * @param events the archived events, each of task {@code taskId}, indexes 0..n-1 in order
 */
public record ImportTask(String commandId, String taskId, Task task, List<TaskEvent> events, boolean overwrite)
        implements Command {
}
