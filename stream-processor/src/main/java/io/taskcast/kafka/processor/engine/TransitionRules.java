package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.schemas.BlockedRequest;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskError;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What a successful transition does to a task (api.md §2), and the data of its status event. */
final class TransitionRules {

    /** The payload fields a transition may carry; any may be null. */
    record Payload(JsonNode result, TaskError error, String reason, Integer ttl, Long resumeAfterMs,
                   BlockedRequest blockedRequest) {
        static final Payload NONE = new Payload(null, null, null, null, null, null);
    }

    private TransitionRules() {
    }

    /** Back in {@code pending}, a task is nobody's: its {@code assignedWorker} goes (the pool stage frees its slots). */
    static TaskState apply(TaskState state, TaskStatus to, Payload p, long now) {
        Task t = state.task();
        boolean holding = to == TaskStatus.PAUSED || to == TaskStatus.BLOCKED;
        Integer ttl = p.ttl() != null ? p.ttl() : t.ttl();
        Task next = new Task(t.id(), t.type(), to, t.params(),
                p.result() != null ? p.result() : t.result(),
                p.error() != null ? p.error() : t.error(),
                t.metadata(), t.createdAt(), now,
                to.isTerminal() ? Long.valueOf(now) : t.completedAt(),
                ttl, t.authConfig(), t.webhooks(), t.cleanup(), t.tags(),
                holding ? p.reason() : null,
                to == TaskStatus.BLOCKED && p.resumeAfterMs() != null ? Long.valueOf(now + p.resumeAfterMs()) : null,
                to == TaskStatus.BLOCKED ? p.blockedRequest() : null,
                t.assignMode(), t.cost(), to == TaskStatus.PENDING ? null : t.assignedWorker(), t.disconnectPolicy());
        return state.moved(next, deadline(state, to, p.ttl(), ttl, now));
    }

    /**
     * The TTL clock runs from creation, stops while paused, and restarts (with the full ttl) on
     * leaving paused or when a transition brings a new ttl.
     */
    private static Long deadline(TaskState state, TaskStatus to, Integer newTtl, Integer ttl, long now) {
        if (to.isTerminal() || to == TaskStatus.PAUSED || ttl == null) {
            return null;
        }
        if (newTtl != null || state.task().status() == TaskStatus.PAUSED) {
            return now + ttl * 1000L;
        }
        return state.ttlDeadline();
    }

    /** {@code {status, result?, error?}} with the values after the transition. */
    static JsonNode statusData(Task task) {
        ObjectNode data = Json.mapper().createObjectNode();
        data.put("status", task.status().wireName());
        if (task.result() != null) {
            data.set("result", task.result());
        }
        if (task.error() != null) {
            data.set("error", Json.mapper().valueToTree(task.error()));
        }
        return data;
    }
}
