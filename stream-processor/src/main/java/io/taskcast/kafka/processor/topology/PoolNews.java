package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.schemas.AssignMode;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.worker.PoolMessage;

import java.util.Objects;
import java.util.Optional;

/**
 * What the worker pool stage must hear of a task's change (docs/workers.md): a task a worker may
 * be given (assign mode pull, ws-offer or ws-race) or that a worker holds, whenever its status or
 * worker changes. The pool keeps its pending tasks from it, confirms assignments and frees the
 * slots of assignments that ended.
 */
final class PoolNews {

    private PoolNews() {
    }

    static Optional<PoolMessage> of(Task before, Task after) {
        boolean concerned = assignable(after) || after.assignedWorker() != null
                || (before != null && before.assignedWorker() != null);
        boolean moved = before == null || before.status() != after.status()
                || !Objects.equals(before.assignedWorker(), after.assignedWorker())
                || !Objects.equals(before.metadata(), after.metadata());
        return concerned && moved ? Optional.of(new PoolMessage.TaskChanged(after)) : Optional.empty();
    }

    private static boolean assignable(Task task) {
        return task.assignMode() != null && task.assignMode() != AssignMode.EXTERNAL;
    }
}
