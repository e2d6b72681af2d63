package io.taskcast.kafka.processor.replay;

import io.taskcast.kafka.schemas.topic.Topics;

import java.time.Instant;
import java.util.Objects;

/**
 * What to replay.
 *
 * @param since  replay records appended at or after this instant; null = from the beginning
 * @param taskId replay only this task; null = every task
 */
public record ReplayRequest(Topics topics, ReplayTarget target, Instant since, String taskId) {

    public ReplayRequest {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(target, "target");
    }

    boolean includes(String key) {
        return taskId == null || taskId.equals(key);
    }

    /** True when a record with this timestamp lies in the replayed window. */
    boolean inWindow(long timestampMs) {
        return since == null || timestampMs >= since.toEpochMilli();
    }
}
