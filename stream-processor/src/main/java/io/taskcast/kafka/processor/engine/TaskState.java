package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.schemas.Task;

/**
 * What the processor keeps per task in its changelogged store: the task and the index its next
 * event gets. Never exposed outside the processor.
 */
public record TaskState(Task task, long nextIndex) {
}
