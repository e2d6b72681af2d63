package io.taskcast.kafka.processor.workers;

import io.taskcast.kafka.schemas.DisconnectPolicy;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.worker.Worker;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the pool stage keeps (docs/workers.md): each worker with the tasks that hold its slots, the
 * pending tasks workers may be given, and the workers' waits (long polls).
 * A worker's {@code usedSlots} is always the sum of its held tasks' costs.
 *
 * @param workers  by worker id
 * @param pending  by task id: the assignable tasks that are pending
 * @param polls    by poll id: the waits not yet ended
 * @param sequence how many tasks became pending so far; orders them, first come first given
 */
record PoolState(Map<String, PoolWorker> workers, Map<String, Pending> pending, Map<String, Poll> polls,
                 long sequence) {

    public static final PoolState EMPTY = new PoolState(Map.of(), Map.of(), Map.of(), 0);

    public PoolState {
        workers = workers == null ? Map.of() : Map.copyOf(workers);
        pending = pending == null ? Map.of() : Map.copyOf(pending);
        polls = polls == null ? Map.of() : Map.copyOf(polls);
    }

    PoolState with(PoolWorker worker) {
        Map<String, PoolWorker> next = new TreeMap<>(workers);
        next.put(worker.worker().id(), worker);
        return new PoolState(next, pending, polls, sequence);
    }

    PoolState without(String workerId) {
        Map<String, PoolWorker> next = new TreeMap<>(workers);
        next.remove(workerId);
        return new PoolState(next, pending, polls, sequence);
    }

    PoolState with(Pending task) {
        Map<String, Pending> next = new TreeMap<>(pending);
        next.put(task.task().id(), task);
        return new PoolState(workers, next, polls, Math.max(sequence, task.since() + 1));
    }

    PoolState withoutPending(String taskId) {
        if (!pending.containsKey(taskId)) {
            return this;
        }
        Map<String, Pending> next = new TreeMap<>(pending);
        next.remove(taskId);
        return new PoolState(workers, next, polls, sequence);
    }

    PoolState with(Poll poll) {
        Map<String, Poll> next = new TreeMap<>(polls);
        next.put(poll.pollId(), poll);
        return new PoolState(workers, pending, next, sequence);
    }

    PoolState withoutPoll(String pollId) {
        if (!polls.containsKey(pollId)) {
            return this;
        }
        Map<String, Poll> next = new TreeMap<>(polls);
        next.remove(pollId);
        return new PoolState(workers, pending, next, sequence);
    }

    /**
     * A worker and the tasks holding its slots.
     *
     * @param held by task id
     */
    public record PoolWorker(Worker worker, Map<String, Held> held) {

        public PoolWorker {
            held = Map.copyOf(held);
        }
    }

    /**
     * A task holding {@code cost} slots of a worker: reserved until the task stage confirms the
     * assignment, then assigned until the assignment ends.
     *
     * @param policy what happens to the task when the worker disconnects
     */
    public record Held(String taskId, int cost, boolean confirmed, DisconnectPolicy policy) {
    }

    /**
     * A pending task workers may be given.
     *
     * @param since     its place in line (PoolState#sequence when it became pending)
     * @param offeredTo the poll an assignment of it is on its way for, or null
     */
    public record Pending(Task task, long since, String offeredTo) {

        Pending offered(String pollId) {
            return new Pending(task, since, pollId);
        }
    }

    /**
     * A worker's wait for one task, and where its answer goes.
     *
     * @param until          the API's deadline (epoch ms); past it nothing is given to the poll
     * @param correlationId  the reply header the API waits on
     * @param replyTopic     the results topic the API reads
     * @param replyPartition its partition, 4 bytes big-endian
     * @param taskId         the task assigned or on its way for it, or null while it waits
     * @param assigned       the task stage assigned {@code taskId} for it
     * @param refused        tasks the task stage refused for it, not given to it again
     */
    public record Poll(String pollId, String workerId, long until, byte[] correlationId, byte[] replyTopic,
                       byte[] replyPartition, String taskId, boolean assigned, Set<String> refused) {

        public Poll {
            refused = refused == null ? Set.of() : Set.copyOf(refused);
        }

        boolean waiting() {
            return taskId == null;
        }

        Poll given(String task) {
            return new Poll(pollId, workerId, until, correlationId, replyTopic, replyPartition, task, false, refused);
        }

        Poll confirmed() {
            return new Poll(pollId, workerId, until, correlationId, replyTopic, replyPartition, taskId, true, refused);
        }

        Poll refusedOnce() {
            Set<String> more = new java.util.HashSet<>(refused);
            more.add(taskId);
            return new Poll(pollId, workerId, until, correlationId, replyTopic, replyPartition, null, false, more);
        }
    }
}
