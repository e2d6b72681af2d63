package io.taskcast.kafka.schemas.command;

/**
 * Assigns a pending task to a worker (taskcast-extras.md §8, docs/workers.md). Applied only while
 * the task is {@code pending} and the worker is not in its {@code metadata._blacklistedWorkers}:
 * the task becomes {@code assigned} to the worker, without a status event, and a
 * {@code taskcast:audit} event says so. Otherwise refused with 409; the pool stage that sent it is
 * told, and gives the worker's reserved slots back.
 *
 * @param pollId the worker's wait (long poll) the assignment answers; null when none waits for it
 */
public record AssignTask(String commandId, String taskId, String workerId, String pollId) implements Command {
}
