package io.taskcast.kafka.platform.hooks;

/**
 * A task reached status {@code timeout}.
 *
 * @param taskType   null when the task has none
 * @param ttlSeconds the task's TTL, or null when it had none (a client set the status)
 * @param timedOutAt when the processor applied it (epoch ms, the command's time)
 */
public record TaskTimedOut(String taskId, String taskType, Integer ttlSeconds, long timedOutAt) {
}
