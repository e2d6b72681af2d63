package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CreateTask;
import io.taskcast.kafka.schemas.command.PublishEvents;
import io.taskcast.kafka.schemas.command.TransitionTask;

import java.util.List;

/**
 * The task engine as a pure function: (current state, command, command time) → decision. No I/O,
 * no clock: everything it produces derives from its arguments, so a retried Kafka transaction
 * produces identical output (architecture invariant 3).
 */
public final class TaskEngine {

    private TaskEngine() {
    }

    /** @param current the task's state, or null when no task has this id */
    public static Decision decide(TaskState current, Command command, long commandTime) {
        if (command instanceof CreateTask create) {
            return create(current, create, commandTime);
        }
        return notYetSupported(kindOf(command));
    }

    private static String kindOf(Command command) {
        if (command instanceof TransitionTask) {
            return "transition";
        }
        return command instanceof PublishEvents ? "publish" : "resolve";
    }

    private static Decision create(TaskState current, CreateTask c, long now) {
        if (current != null) {
            return new Decision.Refused(409, "TASK_ALREADY_EXISTS", "Task already exists: " + c.taskId());
        }
        Task task = Task.created(c.taskId(), c.type(), c.params(), c.metadata(), c.ttl(), c.authConfig(),
                c.webhooks(), c.cleanup(), c.tags(), now);
        return new Decision.Applied(new TaskState(task, 0), List.of());
    }

    // Transitions, events and resolve are the task engine's next step (issue 3); until then the
    // API answers honestly instead of pretending.
    private static Decision notYetSupported(String kind) {
        return new Decision.Refused(501, "NOT_IMPLEMENTED", "Command '" + kind + "' is not supported yet");
    }
}
