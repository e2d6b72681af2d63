package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.schemas.AssignMode;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.worker.PoolMessage;
import io.taskcast.kafka.schemas.worker.WorkerMatching;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

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

    /**
     * @param pollId  the wait the change answers (an assignment for it), or null
     * @param version the task's last event index after the change
     */
    static Optional<PoolMessage> of(Task before, Task after, String pollId, long version) {
        boolean concerned = assignable(after) || after.assignedWorker() != null
                || (before != null && before.assignedWorker() != null);
        boolean moved = before == null || before.status() != after.status()
                || !Objects.equals(before.assignedWorker(), after.assignedWorker())
                || !Objects.equals(before.metadata(), after.metadata());
        return concerned && moved ? Optional.of(new PoolMessage.TaskChanged(forMatching(after), pollId, version))
                : Optional.empty();
    }

    /**
     * What the pool needs of a task: its id, type, tags, status, worker fields and blacklist, not
     * its params, result or webhooks, which may be large and would fill the pool's store.
     */
    static Task forMatching(Task t) {
        JsonNode blacklist = t.metadata() == null ? null : t.metadata().get(WorkerMatching.BLACKLIST_FIELD);
        ObjectNode metadata = null;
        if (blacklist != null) {
            metadata = Json.mapper().createObjectNode();
            metadata.set(WorkerMatching.BLACKLIST_FIELD, blacklist);
        }
        return new Task(t.id(), t.type(), t.status(), null, null, null, metadata, t.createdAt(), t.updatedAt(),
                t.completedAt(), null, null, null, null, t.tags(), null, null, null, t.assignMode(), t.cost(),
                t.assignedWorker(), t.disconnectPolicy());
    }

    private static boolean assignable(Task task) {
        return task.assignMode() != null && task.assignMode() != AssignMode.EXTERNAL;
    }
}
