package io.taskcast.kafka.schemas.command;

/**
 * A worker gives back a task assigned to it (taskcast-extras.md §8): the task returns to
 * {@code pending} (with its status event) and a {@code taskcast:audit} event says so; with
 * {@code blacklist} the worker joins the task's {@code metadata._blacklistedWorkers} and is not
 * offered it again. A task not assigned to that worker is left as it is (Taskcast answers
 * {@code {ok:true}} alike).
 */
public record DeclineTask(String commandId, String taskId, String workerId, boolean blacklist) implements Command {
}
