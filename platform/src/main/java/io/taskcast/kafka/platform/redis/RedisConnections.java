package io.taskcast.kafka.platform.redis;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

import java.net.URI;
import java.net.URISyntaxException;

/** Opens the shared Redis client and checks it answers, so a wrong URL stops start-up clearly. */
public final class RedisConnections {

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
        RedisClient client = RedisClient.create(uri);
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
