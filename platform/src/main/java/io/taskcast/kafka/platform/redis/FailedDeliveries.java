package io.taskcast.kafka.platform.redis;

import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.webhook.WebhookDelivery;
import redis.clients.jedis.UnifiedJedis;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Webhook deliveries that failed every attempt: the worker adds one after writing it to the
 * dead-letter topic, an operator lists them and asks for a re-send. One Redis hash by delivery id,
 * so a delivery that fails again replaces its own entry.
 */
public final class FailedDeliveries {

    /**
     * @param attempts how many attempts were made
     * @param reason   why the last one failed
     * @param failedAt when it was given up (epoch ms)
     */
    public record Failed(WebhookDelivery delivery, int attempts, String reason, long failedAt) {
    }

    private final UnifiedJedis redis;

    public FailedDeliveries(UnifiedJedis redis) {
        this.redis = redis;
    }

    public void add(Failed failed) {
        redis.hset(RedisKeys.failedWebhooks(), failed.delivery().deliveryId(), Json.toString(failed));
    }

    /** Oldest failure first. */
    public List<Failed> list() {
        return redis.hvals(RedisKeys.failedWebhooks()).stream().map(json -> Json.fromString(json, Failed.class))
                .sorted(Comparator.comparingLong(Failed::failedAt)).toList();
    }

    public Optional<Failed> find(String deliveryId) {
        return Optional.ofNullable(redis.hget(RedisKeys.failedWebhooks(), deliveryId))
                .map(json -> Json.fromString(json, Failed.class));
    }

    /** True when this call removed it (so of two concurrent re-sends, one wins). */
    public boolean remove(String deliveryId) {
        return redis.hdel(RedisKeys.failedWebhooks(), deliveryId) == 1;
    }
}
