package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.command.AssignTask;
import io.taskcast.kafka.schemas.command.DeclineTask;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.worker.WorkerMatching;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * A task's side of worker assignment (taskcast-extras.md §8, docs/workers.md). The task stage is
 * the only writer of a task's status, and it assigns only a pending task: of two assignments that
 * race, whichever API instance or worker sent them, the second finds the task assigned and is
 * refused. So no task is ever held by two workers.
 */
final class Assignments {

    static final String NOT_PENDING = "TASK_NOT_PENDING";
    static final String BLACKLISTED = "WORKER_BLACKLISTED";

    private Assignments() {
    }

    /** pending → assigned to the worker, without a status event; a {@code taskcast:audit} event says so. */
    static Decision assign(TaskState current, AssignTask command, long now) {
        Task task = current.task();
        if (task.status() != TaskStatus.PENDING) {
            return new Decision.Refused(409, NOT_PENDING,
                    "Task is not pending (status: " + task.status().wireName() + ")");
        }
        if (WorkerMatching.blacklisted(task).contains(command.workerId())) {
            return new Decision.Refused(409, BLACKLISTED,
                    "Worker " + command.workerId() + " declined task " + task.id() + " with blacklist");
        }
        Task assigned = task.withWorker(TaskStatus.ASSIGNED, command.workerId(), task.metadata(), now);
        Emitter emitter = new Emitter(current, command.commandId(), now);
        emitter.system(TaskEvent.AUDIT_TYPE, audit("assigned", command.workerId()));
        return emitter.applied(current.moved(assigned, current.ttlDeadline()));
    }

    /**
     * The worker gives the task back: assigned → pending with its status event, then a
     * {@code taskcast:audit} event; with blacklist the worker joins {@code _blacklistedWorkers}. A
     * task not assigned to that worker stays as it is.
     */
    static Decision decline(TaskState current, DeclineTask command, long now) {
        Task task = current.task();
        if (task.status() != TaskStatus.ASSIGNED || !command.workerId().equals(task.assignedWorker())) {
            return new Decision.Applied(current, List.of());
        }
        JsonNode metadata = command.blacklist() ? blacklisted(task.metadata(), command.workerId()) : task.metadata();
        Task pending = task.withWorker(TaskStatus.PENDING, null, metadata, now);
        Emitter emitter = new Emitter(current, command.commandId(), now);
        emitter.system(TaskEvent.STATUS_TYPE, TransitionRules.statusData(pending));
        ObjectNode declined = audit("declined", command.workerId());
        declined.put("blacklisted", command.blacklist());
        emitter.system(TaskEvent.AUDIT_TYPE, declined);
        return emitter.applied(current.moved(pending, current.ttlDeadline()));
    }

    private static ObjectNode audit(String action, String workerId) {
        ObjectNode data = Json.mapper().createObjectNode();
        data.put("action", action);
        data.put("workerId", workerId);
        return data;
    }

    private static JsonNode blacklisted(JsonNode metadata, String workerId) {
        ObjectNode next = metadata != null && metadata.isObject() ? ((ObjectNode) metadata).deepCopy()
                : Json.mapper().createObjectNode();
        JsonNode list = next.get(WorkerMatching.BLACKLIST_FIELD);
        ArrayNode ids = list != null && list.isArray() ? (ArrayNode) list : next.putArray(WorkerMatching.BLACKLIST_FIELD);
        boolean listed = false;
        for (JsonNode id : ids) {
            listed |= id.isString() && id.asString().equals(workerId);
        }
        if (!listed) {
            ids.add(workerId);
        }
        return next;
    }
}
