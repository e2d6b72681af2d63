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

    /** The generation of the task's last import (taskcast-extras.md §6); absent if it was never imported. */
    public static String generation(String taskId) {
        return PREFIX + "{" + taskId + "}:generation";
    }

    /** Every task id, scored by creation time, for listing. */
    public static String taskIndex() {
        return PREFIX + "tasks";
    }

    /**
     * Present while Redis holds the whole view of the log of the topics with {@code topicPrefix}: a
     * processor sets it once it has built the view. Redis restarted empty or flushed loses it with
     * the view, so readers and the processor's writes can tell a lost view from an empty one.
     */
    public static String viewMarker(String topicPrefix) {
        return PREFIX + "view:" + topicPrefix;
    }

    /** Held by the one processor rebuilding the view of {@code topicPrefix}'s log, with its token. */
    public static String viewRebuild(String topicPrefix) {
        return PREFIX + "view-rebuild:" + topicPrefix;
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
