package io.taskcast.kafka.platform.redis;

/**
 * Every Redis key this system uses. Keys of one task share the hash tag {@code {taskId}}, so they
 * live in one slot of a Redis Cluster and can be written in one transaction. The global
 * {@link #taskIndex()} is the one key without a task's hash tag.
 */
public final class RedisKeys {

    private static final String PREFIX = "taskcast:";

    private RedisKeys() {
    }

    /** The task's JSON. */
    public static String task(String taskId) {
        return PREFIX + "{" + taskId + "}:task";
    }

    /** The task's short-term history: a sorted set of event JSON, scored by event index. */
    public static String events(String taskId) {
        return PREFIX + "{" + taskId + "}:events";
    }

    /** The state of each accumulate series of the task: a hash from series id to the accumulated event's JSON. */
    public static String series(String taskId) {
        return PREFIX + "{" + taskId + "}:series";
    }

    /** Every task id, scored by creation time, for listing. */
    public static String taskIndex() {
        return PREFIX + "tasks";
    }

    /** Webhook deliveries that failed every attempt, by delivery id, for operators to list and re-send. */
    public static String failedWebhooks() {
        return PREFIX + "webhooks:failed";
    }

    /** Open SSE streams of the task across all gateway instances. */
    public static String subscribers(String taskId) {
        return PREFIX + "{" + taskId + "}:subscribers";
    }
}
