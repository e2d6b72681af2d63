package io.taskcast.kafka.platform.redis;

import redis.clients.jedis.UnifiedJedis;

/**
 * Open SSE streams per task, counted in Redis so every gateway instance's streams add up
 * (api.md §1 {@code subscriberCount}). Gateways increment and decrement; the API reads.
 */
public final class SubscriberCounts {

    private final UnifiedJedis redis;

    public SubscriberCounts(UnifiedJedis redis) {
        this.redis = redis;
    }

    public long count(String taskId) {
        String value = redis.get(RedisKeys.subscribers(taskId));
        return value == null ? 0 : Math.max(0, Long.parseLong(value));
    }

    /** One more open stream of the task (a gateway opened it). */
    public void increment(String taskId) {
        redis.incr(RedisKeys.subscribers(taskId));
    }

    /** One stream of the task closed; {@link #count} never reports below zero. */
    public void decrement(String taskId) {
        redis.decr(RedisKeys.subscribers(taskId));
    }
}
