package io.taskcast.kafka.platform;

/**
 * A read that needed the Postgres archive (the task is not, or no longer, in Redis) and could not
 * get an answer from it in time. The routes answer 503 rather than 404 or 500: the task may well
 * exist, and the failure is the dependency's, not the request's.
 */
public final class ArchiveUnavailableException extends RuntimeException {

    public static final String CODE = "ARCHIVE_UNAVAILABLE";

    ArchiveUnavailableException(String taskId, Throwable cause) {
        super(taskId == null ? "The task archive (Postgres) is unavailable, so the task list cannot be read; retry later"
                : "The task archive (Postgres) is unavailable and Redis does not hold task " + taskId + "; retry later",
                cause);
    }
}
