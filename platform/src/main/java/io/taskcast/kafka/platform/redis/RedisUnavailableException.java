package io.taskcast.kafka.platform.redis;

import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Redis cannot answer truthfully: it is unreachable, or it lost the view (restarted empty, flushed)
 * and a processor is rebuilding it from the Kafka log. The API answers 503 with this message rather
 * than a 404 or a part of a history.
 */
public final class RedisUnavailableException extends RuntimeException {

    private final boolean viewLost;

    private RedisUnavailableException(String message, boolean viewLost, Throwable cause) {
        super(message, cause);
        this.viewLost = viewLost;
    }

    /** The marker {@code key} is missing: Redis no longer holds the view the log says it should. */
    public static RedisUnavailableException viewLost(String key) {
        return new RedisUnavailableException("Redis lost the task view (restarted empty or flushed: " + key
                + " is missing); a processor is rebuilding it from the Kafka log. Retry shortly; if no processor"
                + " runs, start one: it rebuilds the view when it starts", true, null);
    }

    /** Redis connection failures and pool exhaustion as this exception; other failures are not its kind. */
    public static Optional<RedisUnavailableException> of(Throwable error) {
        if (error instanceof RedisUnavailableException e) {
            return Optional.of(e);
        }
        if (error instanceof JedisConnectionException
                || error instanceof JedisException && error.getCause() instanceof NoSuchElementException) {
            return Optional.of(new RedisUnavailableException("Redis is unreachable: " + error.getMessage(), false, error));
        }
        return Optional.empty();
    }

    /** True when Redis answers but the view is missing, as opposed to Redis not answering. */
    public boolean viewLost() {
        return viewLost;
    }
}
