package io.taskcast.kafka.platform.redis;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;
import java.util.List;

/**
 * The marker that says Redis holds the whole view of one log ({@link RedisKeys#viewMarker}), and the
 * claim a processor holds while it rebuilds a lost view, so that one processor rebuilds at a time
 * and a view that was lost again during the rebuild is not declared whole.
 */
public final class ViewMarker {

    /** Sets the marker only if the rebuild claim is still the caller's: a wipe meanwhile took the claim too. */
    private static final String MARK_BUILT = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "redis.call('set', KEYS[2], ARGV[2]) redis.call('del', KEYS[1]) return 1 end return 0";
    private static final String EXTEND = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0";

    private final UnifiedJedis redis;
    private final String marker;
    private final String rebuild;

    public ViewMarker(UnifiedJedis redis, String topicPrefix) {
        this.redis = redis;
        this.marker = RedisKeys.viewMarker(topicPrefix);
        this.rebuild = RedisKeys.viewRebuild(topicPrefix);
    }

    public String key() {
        return marker;
    }

    public boolean present() {
        return redis.exists(marker);
    }

    /** True when the caller now holds the rebuild for {@code ttl}; false when another processor does. */
    public boolean claim(String token, Duration ttl) {
        return "OK".equals(redis.set(rebuild, token, SetParams.setParams().nx().px(ttl.toMillis())));
    }

    /** Keeps the caller's claim for another {@code ttl}; false when it is no longer the caller's. */
    public boolean extend(String token, Duration ttl) {
        return Long.valueOf(1).equals(redis.eval(EXTEND, List.of(rebuild), List.of(token, Long.toString(ttl.toMillis()))));
    }

    /** Sets the marker and drops the claim, if the claim is still the caller's; false otherwise. */
    public boolean markBuilt(String token, String builtBy) {
        return Long.valueOf(1).equals(redis.eval(MARK_BUILT, List.of(rebuild, marker), List.of(token, builtBy)));
    }
}
