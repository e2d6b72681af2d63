package io.taskcast.kafka.platform.redis;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.JedisURIHelper;
import redis.clients.jedis.exceptions.JedisException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Opens the shared Redis client and checks it answers, so a wrong URL stops start-up clearly. Every
 * wait is bounded, so a request never hangs on a dead or stalled Redis: connecting and each reply
 * within {@link #TIMEOUT}, a free pooled connection within {@link #POOL_WAIT} (the pool's default is
 * to wait for ever).
 */
public final class RedisConnections {

    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final Duration POOL_WAIT = Duration.ofSeconds(5);

    private RedisConnections() {
    }

    public static RedisClient open(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("taskcast.redis.url is not a URL: " + e.getReason(), e);
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException(
                    "taskcast.redis.url must start with redis:// or rediss://, got '" + uri.getScheme() + "'");
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxWait(POOL_WAIT);
        RedisClient client = RedisClient.builder().hostAndPort(JedisURIHelper.getHostAndPort(uri))
                .clientConfig(DefaultJedisClientConfig.builder(uri).connectionTimeoutMillis((int) TIMEOUT.toMillis())
                        .socketTimeoutMillis((int) TIMEOUT.toMillis()).build())
                .poolConfig(pool).build();
        try {
            client.ping();
            return client;
        } catch (JedisException e) {
            client.close();
            throw new IllegalStateException("Cannot reach Redis at " + redact(uri)
                    + " (taskcast.redis.url / TASKCAST_REDIS_URL): " + e.getMessage(), e);
        }
    }

    /** The URL without its password, for messages and logs. */
    public static String redact(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + (uri.getPath() == null ? "" : uri.getPath());
    }
}
