package io.taskcast.kafka.platform.redis;

import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.json.Json;
import redis.clients.jedis.UnifiedJedis;

import java.util.Optional;

/**
 * The short-term view of tasks in Redis: the processor writes it, the API reads it. Writes are
 * idempotent (same task, same bytes), so a retried Kafka transaction may repeat them safely.
 */
public final class RedisTaskViews {

    private final UnifiedJedis redis;

    public RedisTaskViews(UnifiedJedis redis) {
        this.redis = redis;
    }

    public void writeTask(Task task) {
        redis.set(RedisKeys.task(task.id()), Json.toString(task));
    }

    public Optional<Task> findTask(String taskId) {
        return Optional.ofNullable(redis.get(RedisKeys.task(taskId))).map(json -> Json.fromString(json, Task.class));
    }
}
