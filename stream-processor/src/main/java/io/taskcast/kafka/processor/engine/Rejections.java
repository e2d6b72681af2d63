package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.schemas.TaskStatus;

/** The refusals of api.md §5, with their HTTP status, code and exact message. */
final class Rejections {

    private Rejections() {
    }

    static Decision.Refused notFound(String taskId) {
        return new Decision.Refused(404, "TASK_NOT_FOUND", "Task not found: " + taskId);
    }

    static Decision.Refused alreadyExists(String taskId) {
        return new Decision.Refused(409, "TASK_ALREADY_EXISTS", "Task already exists: " + taskId);
    }

    static Decision.Refused invalidTransition(TaskStatus from, TaskStatus to) {
        return new Decision.Refused(409, "INVALID_TRANSITION",
                "Invalid transition: " + from.wireName() + " → " + to.wireName());
    }

    static Decision.Refused terminal(TaskStatus status) {
        return new Decision.Refused(400, "TASK_TERMINAL",
                "Cannot publish to task in terminal status: " + status.wireName());
    }

    static Decision.Refused notBlocked() {
        return new Decision.Refused(400, "TASK_NOT_BLOCKED", "Task is not blocked");
    }
}
