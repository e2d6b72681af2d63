package io.taskcast.kafka.platform.hooks;

/**
 * A task reached status {@code failed}.
 *
 * @param taskType     null when the task has none
 * @param errorCode    the task's {@code error.code}, or null
 * @param errorMessage the task's {@code error.message}, or null
 * @param failedAt     when the processor applied it (epoch ms, the command's time)
 */
public record TaskFailed(String taskId, String taskType, String errorCode, String errorMessage, long failedAt) {
}
