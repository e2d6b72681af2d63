package io.taskcast.kafka.ingest.web;

/** A request that ends with an error response: HTTP status, UPPER_SNAKE code and a message for humans. */
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

    public static ApiException taskNotFound(String taskId) {
        return new ApiException(404, "TASK_NOT_FOUND", "Task not found: " + taskId);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
