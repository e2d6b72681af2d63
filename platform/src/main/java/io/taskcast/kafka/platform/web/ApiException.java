package io.taskcast.kafka.platform.web;

/**
 * A request that ends with an error response: HTTP status, UPPER_SNAKE code and a message for
 * humans ({@code {"error": message, "code": code}}, api.md §5). The one exception type of the API
 * and the gateway, refusals of authentication (401) and authorization (403) included.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "INVALID_BODY", message);
    }

    /** A query parameter that cannot be read, named in the message. */
    public static ApiException invalidQuery(String message) {
        return new ApiException(400, "INVALID_QUERY", message);
    }

    /** A read of a missing task: Taskcast's reads name no id. */
    public static ApiException taskNotFound() {
        return new ApiException(404, "TASK_NOT_FOUND", "Task not found");
    }

    /** A write to a missing task, as the processor answers it. */
    public static ApiException taskNotFound(String taskId) {
        return new ApiException(404, "TASK_NOT_FOUND", "Task not found: " + taskId);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "UNAUTHORIZED", message);
    }

    public static ApiException forbidden() {
        return new ApiException(403, "FORBIDDEN", "Forbidden");
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
