package io.taskcast.kafka.schemas.command;

/**
 * The command had no effect. {@code status} is the HTTP status the API answers with, {@code code}
 * the UPPER_SNAKE error code and {@code message} the human text (api.md §5).
 */
public record Rejected(String commandId, int status, String code, String message) implements CommandResult {

    public static Rejected notFound(String commandId, String taskId) {
        return new Rejected(commandId, 404, "TASK_NOT_FOUND", "Task not found: " + taskId);
    }
}
