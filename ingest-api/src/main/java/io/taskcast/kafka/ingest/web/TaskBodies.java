package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.platform.redis.SubscriberCounts;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** The task as {@code GET /tasks} and {@code GET /tasks/{id}} show it (api.md §1). */
final class TaskBodies {

    private TaskBodies() {
    }

    /** The task with {@code subscriberCount} (open SSE streams across all gateways) and {@code hot}. Blocking. */
    static ObjectNode withSubscribers(Task task, SubscriberCounts subscribers) {
        ObjectNode body = Json.mapper().valueToTree(task);
        long count = subscribers.count(task.id());
        body.put("subscriberCount", count);
        body.put("hot", count > 0);
        return body;
    }
}
