package io.taskcast.kafka.processor.workers;

import io.taskcast.kafka.schemas.DisconnectPolicy;
import io.taskcast.kafka.schemas.worker.Worker;

import java.util.Map;
import java.util.TreeMap;

/**
 * The pool's workers (docs/workers.md): each worker with the tasks that hold its slots, immutable,
 * so {@link WorkerPool}'s decisions are pure functions. A worker's {@code usedSlots} is always the
 * sum of its held tasks' costs.
 *
 * @param workers by worker id
 */
record PoolState(Map<String, PoolWorker> workers) {

    public static final PoolState EMPTY = new PoolState(Map.of());

    public PoolState {
        workers = Map.copyOf(workers);
    }

    PoolState with(PoolWorker worker) {
        Map<String, PoolWorker> next = new TreeMap<>(workers);
        next.put(worker.worker().id(), worker);
        return new PoolState(next);
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
     * @param pollId the wait it was given for, or null: a stop of that wait after the answer sends it back
     * @param since  the task's last event index when its assignment was known (-1 before): news of the
     *               task older than that says nothing of this assignment
     */
    public record Held(String taskId, int cost, boolean confirmed, DisconnectPolicy policy, String pollId,
                       long since) {

        Held confirmedAt(long version) {
            return new Held(taskId, cost, true, policy, pollId, Math.max(since, version));
        }
    }
}
