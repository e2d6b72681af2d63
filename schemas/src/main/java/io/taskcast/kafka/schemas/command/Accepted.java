package io.taskcast.kafka.schemas.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;

import java.util.List;

/**
 * The command took effect: the task after it and the events it emitted (possibly none).
 *
 * @param overwritten for an import only: whether it replaced an existing task; otherwise absent
 * @param released    for a storage release only: whether this command released the task (false:
 *                    it was released before); otherwise absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Accepted(String commandId, Task task, List<TaskEvent> events, Boolean overwritten, Boolean released)
        implements CommandResult {

    public Accepted(String commandId, Task task, List<TaskEvent> events) {
        this(commandId, task, events, null, null);
    }
}
