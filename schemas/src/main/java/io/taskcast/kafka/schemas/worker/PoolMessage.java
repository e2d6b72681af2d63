package io.taskcast.kafka.schemas.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.taskcast.kafka.schemas.DisconnectPolicy;
import io.taskcast.kafka.schemas.Task;

import java.util.List;

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
        @JsonSubTypes.Type(value = PoolMessage.Refused.class, name = "refused"),
        @JsonSubTypes.Type(value = PoolMessage.Tick.class, name = "tick")
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
     * @param lease    hold the worker's free slots for the wait and answer {@code Leased}: the API
     *                 then assigns it a task itself (the fast path); otherwise the pool assigns for it
     * @param answered the worker's earlier waits this API answered with a task since its last wait:
     *                 the pool settles their leases now rather than when the task stage's news of
     *                 the assignment comes (after that stage's commit), so their unused slots are
     *                 free for this wait
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Wait(String workerId, String pollId, long until, Integer weight, Integer capacity, MatchRule matchRule,
                boolean lease, List<Answered> answered) implements PoolMessage {

        public Wait {
            answered = answered == null ? List.of() : List.copyOf(answered);
        }

        /** A wait the pool answers itself, without a lease. */
        public Wait(String workerId, String pollId, long until, Integer weight, Integer capacity,
                    MatchRule matchRule) {
            this(workerId, pollId, until, weight, capacity, matchRule, false, List.of());
        }

        /** As the API writes it: leased. */
        public Wait(String workerId, String pollId, long until, Integer weight, Integer capacity,
                    MatchRule matchRule, boolean lease) {
            this(workerId, pollId, until, weight, capacity, matchRule, lease, List.of());
        }
    }

    /**
     * A wait answered with a task that the task stage assigned through its lease.
     *
     * @param policy  the task's disconnect policy, null for the default
     * @param version the index of the assignment's audit event
     */
    record Answered(String pollId, String taskId, int cost, DisconnectPolicy policy, long version) {
    }

    /**
     * The API stopped waiting for {@code pollId} (its timeout, or the worker hung up) and will
     * answer nobody: a task assigned for it is declined back to pending.
     */
    record StopWaiting(String workerId, String pollId) implements PoolMessage {
    }

    /**
     * An assignable task after a change of its status or worker, written by the task stage.
     *
     * @param pollId  the wait an assignment answered, when the change is one; else null
     * @param version the task's last event index after the change (-1: none yet); it grows with
     *                every change the pool hears of, so the pool can tell news older than what it
     *                learned another way (an {@link Answered} wait)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TaskChanged(Task task, String pollId, long version) implements PoolMessage {

        public TaskChanged(Task task) {
            this(task, null, -1);
        }
    }

    /** The task stage refused to assign {@code taskId} to {@code workerId} for {@code pollId}. */
    record Refused(String taskId, String workerId, String pollId, String reason) implements PoolMessage {
    }

    /**
     * The pool's clock: written by the pool stage itself while it has pending tasks that no wait
     * was offered, so that it offers them (as the processor's timers are commands in the log).
     */
    record Tick() implements PoolMessage {
    }
}
