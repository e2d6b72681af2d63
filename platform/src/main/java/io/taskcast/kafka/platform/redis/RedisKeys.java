package io.taskcast.kafka.platform.redis;

/**
 * Every Redis key this system uses. Keys of one task share the hash tag {@code {taskId}}, so they
 * live in one slot of a Redis Cluster and can be written in one transaction.
 */
public final class RedisKeys {

    private static final String PREFIX = "taskcast:";

    private RedisKeys() {
    }

    /** The task's JSON. */
    public static String task(String taskId) {
        return PREFIX + "{" + taskId + "}:task";
    }

    /** Open SSE streams of the task across all gateway instances. */
    public static String subscribers(String taskId) {
        return PREFIX + "{" + taskId + "}:subscribers";
    }
}
