package io.taskcast.kafka.schemas.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.taskcast.kafka.schemas.Task;

/**
 * What the worker pool stage reads (topic {@code taskcast-workers}, key = pool id; docs/workers.md):
 * from the API, workers that wait for a task and stop waiting; from the task stage, every change of
 * an assignable task and every assignment it refused. The JSON form carries its kind in the
 * {@code message} property.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "message")
@JsonSubTypes({
        @JsonSubTypes.Type(value = PoolMessage.Wait.class, name = "wait"),
        @JsonSubTypes.Type(value = PoolMessage.StopWaiting.class, name = "stop-waiting"),
        @JsonSubTypes.Type(value = PoolMessage.TaskChanged.class, name = "task"),
        @JsonSubTypes.Type(value = PoolMessage.Refused.class, name = "refused")
})
public sealed interface PoolMessage {

    /** The pool all workers and assignable tasks share until pools can be split by configuration. */
    String DEFAULT_POOL = "default";

    /**
     * A worker waits for one task until {@code until} (epoch ms, the poll's deadline): a long poll
     * of {@code GET /workers/pull}. An unknown worker is registered by it (connection mode pull).
     * The answer goes to the reply address in the record's headers once the task stage assigned a
     * task; none comes when the wait ends empty.
     *
     * @param weight   the worker's weight from now on, null to keep it (50 for a new worker)
     * @param capacity the worker's capacity from now on, null to keep it (10 for a new worker)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Wait(String workerId, String pollId, long until, Integer weight, Integer capacity, MatchRule matchRule)
            implements PoolMessage {
    }

    /**
     * The API stopped waiting for {@code pollId} (its timeout, or the worker hung up) and will
     * answer nobody: a task assigned for it is declined back to pending.
     */
    record StopWaiting(String workerId, String pollId) implements PoolMessage {
    }

    /** An assignable task after a change of its status or worker, written by the task stage. */
    record TaskChanged(Task task) implements PoolMessage {
    }

    /** The task stage refused to assign {@code taskId} to {@code workerId} for {@code pollId}. */
    record Refused(String taskId, String workerId, String pollId, String reason) implements PoolMessage {
    }
}
