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
}
