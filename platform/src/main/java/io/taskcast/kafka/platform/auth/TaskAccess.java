package io.taskcast.kafka.platform.auth;

import io.taskcast.kafka.platform.TaskReads;
import io.taskcast.kafka.schemas.Task;

import java.util.function.Function;

/**
 * The checks of a route on one task, in api.md §5's order: scope and task id (403), then the task
 * exists (404, reported by the caller's own error type), then the task's authConfig rules (403).
 * Blocking: the task is read from Redis or the archive.
 */
public final class TaskAccess {

    private final Authorizer authorizer;
    private final TaskReads tasks;

    public TaskAccess(Authorizer authorizer, TaskReads tasks) {
        this.authorizer = authorizer;
        this.tasks = tasks;
    }

    public Task require(AuthContext context, Scope scope, String taskId,
                        Function<String, ? extends RuntimeException> notFound) {
        authorizer.require(context, scope, taskId);
        Task task = tasks.findTask(taskId).orElseThrow(() -> notFound.apply(taskId));
        authorizer.requireTaskRules(context, scope, task.authConfig());
        return task;
    }
}
