package io.taskcast.kafka.processor.workers;

import io.taskcast.kafka.schemas.DisconnectPolicy;
import io.taskcast.kafka.schemas.worker.ConnectionMode;
import io.taskcast.kafka.schemas.worker.MatchRule;
import io.taskcast.kafka.schemas.worker.Worker;
import io.taskcast.kafka.schemas.worker.WorkerStatus;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pool stage's decisions as pure functions (docs/workers.md), like the task engine: the only
 * writer of workers' slots. A slot is reserved before the task stage is asked to assign the task,
 * so a worker never holds more than its capacity, and it comes back when the task stage refuses
 * the assignment or ends it. Not wired into a topology yet.
 */
final class WorkerPool {

    private WorkerPool() {
    }

    /** The answer to a reservation. */
    public enum Reservation { RESERVED, ALREADY_HELD, NO_SUCH_WORKER, NOT_AVAILABLE, NO_FREE_SLOTS }

    /** A reservation's outcome: the new state (unchanged unless reserved) and the answer. */
    public record Reserved(PoolState next, Reservation answer) {
    }

    /** What a heartbeat timeout did: the state, and each confirmed task of a worker gone offline with its policy. */
    public record Expired(PoolState next, List<Disconnected> disconnected) {
    }

    /** A task whose worker went offline, with the policy the task stage applies to it. */
    public record Disconnected(String workerId, String taskId, DisconnectPolicy policy) {
    }

    /**
     * A worker connects, or connects again: it keeps the tasks it held (a {@code mark} policy
     * leaves them assigned to it), takes the new rule, capacity and weight, and is available.
     */
    public static PoolState register(PoolState state, String workerId, MatchRule rule, Integer capacity,
                                     Integer weight, ConnectionMode mode, JsonNode metadata, long now) {
        PoolState.PoolWorker known = state.workers().get(workerId);
        Map<String, PoolState.Held> held = known == null ? Map.of() : known.held();
        Worker worker = new Worker(workerId, WorkerStatus.IDLE, rule,
                capacity == null ? Worker.DEFAULT_CAPACITY : capacity, 0,
                weight == null ? Worker.DEFAULT_WEIGHT : weight, mode,
                known == null || known.worker().status() == WorkerStatus.OFFLINE ? now : known.worker().connectedAt(),
                now, metadata);
        return state.with(settled(worker, held));
    }

    public static PoolState heartbeat(PoolState state, String workerId, long now) {
        PoolState.PoolWorker known = state.workers().get(workerId);
        if (known == null || known.worker().status() == WorkerStatus.OFFLINE) {
            return state;
        }
        return state.with(new PoolState.PoolWorker(known.worker().heardAt(now), known.held()));
    }

    /** Holds {@code cost} slots of the worker for the task, if it is available and has them free. */
    public static Reserved reserve(PoolState state, String workerId, String taskId, int cost,
                                   DisconnectPolicy policy) {
        return reserve(state, workerId, taskId, cost, policy, null);
    }

    /** As {@link #reserve(PoolState, String, String, int, DisconnectPolicy)}, for the wait {@code pollId}. */
    public static Reserved reserve(PoolState state, String workerId, String taskId, int cost,
                                   DisconnectPolicy policy, String pollId) {
        PoolState.PoolWorker known = state.workers().get(workerId);
        if (known == null) {
            return new Reserved(state, Reservation.NO_SUCH_WORKER);
        }
        if (known.held().containsKey(taskId)) {
            return new Reserved(state, Reservation.ALREADY_HELD);
        }
        Worker worker = known.worker();
        if (worker.status() == WorkerStatus.DRAINING || worker.status() == WorkerStatus.OFFLINE) {
            return new Reserved(state, Reservation.NOT_AVAILABLE);
        }
        if (!worker.canTake(cost)) {
            return new Reserved(state, Reservation.NO_FREE_SLOTS);
        }
        Map<String, PoolState.Held> held = new HashMap<>(known.held());
        held.put(taskId, new PoolState.Held(taskId, cost, false, policy, pollId, -1));
        return new Reserved(state.with(settled(worker, held)), Reservation.RESERVED);
    }

    /** The task stage assigned the task: the reservation becomes an assignment. */
    public static PoolState confirm(PoolState state, String workerId, String taskId) {
        return confirm(state, workerId, taskId, -1);
    }

    /** As {@link #confirm(PoolState, String, String)}, known from news of the task at {@code version}. */
    public static PoolState confirm(PoolState state, String workerId, String taskId, long version) {
        PoolState.PoolWorker known = state.workers().get(workerId);
        PoolState.Held held = known == null ? null : known.held().get(taskId);
        if (held == null || (held.confirmed() && held.since() >= version)) {
            return state;
        }
        Map<String, PoolState.Held> next = new HashMap<>(known.held());
        next.put(taskId, held.confirmedAt(version));
        return state.with(new PoolState.PoolWorker(known.worker(), next));
    }

    /** The held entry of a lease: the slots a wait holds until the API assigns it a task (docs/workers.md). */
    static String leaseOf(String pollId) {
        return "lease/" + pollId;
    }

    /**
     * The API assigned a task for a leased wait: the lease's slots become the task's (its cost; the
     * rest come back), confirmed as of the task's event index {@code version}. Without the lease (it expired) the task is held all the same,
     * since the worker has it, even beyond its capacity; the caller sends it back.
     */
    public static PoolState settleLease(PoolState state, String workerId, String pollId, String taskId, int cost,
                                        DisconnectPolicy policy, long version) {
        PoolState.PoolWorker known = state.workers().get(workerId);
        if (known == null || known.held().containsKey(taskId)) {
            return state;
        }
        Map<String, PoolState.Held> held = new HashMap<>(known.held());
        held.remove(leaseOf(pollId));
        held.put(taskId, new PoolState.Held(taskId, cost, true, policy, pollId, version));
        return state.with(settled(known.worker(), held));
    }

    /** The task stage refused the assignment, or it ended (terminal, declined, reassigned): the slots come back. */
    public static PoolState release(PoolState state, String workerId, String taskId) {
        PoolState.PoolWorker known = state.workers().get(workerId);
        if (known == null || !known.held().containsKey(taskId)) {
            return state;
        }
        Map<String, PoolState.Held> held = new HashMap<>(known.held());
        held.remove(taskId);
        return state.with(settled(known.worker(), held));
    }

    /** {@code PATCH /workers/{id}/status}: a draining worker takes no new task; idle makes it available again. */
    public static PoolState drain(PoolState state, String workerId, boolean draining) {
        PoolState.PoolWorker known = state.workers().get(workerId);
        if (known == null || known.worker().status() == WorkerStatus.OFFLINE) {
            return state;
        }
        Worker w = known.worker();
        return state.with(settled(w.with(draining ? WorkerStatus.DRAINING : WorkerStatus.IDLE, w.usedSlots()),
                known.held()));
    }

    /**
     * Workers silent for longer than {@code heartbeatTimeoutMs} at {@code now} go offline; each task
     * assigned to one of them is returned with its disconnect policy, for the task stage. Their
     * slots stay held until the task stage releases them (a {@code mark}ed task stays assigned).
     */
    public static Expired expire(PoolState state, long now, long heartbeatTimeoutMs) {
        PoolState next = state;
        List<Disconnected> disconnected = new ArrayList<>();
        for (PoolState.PoolWorker known : state.workers().values()) {
            Worker w = known.worker();
            if (w.status() == WorkerStatus.OFFLINE || now - w.lastHeartbeatAt() <= heartbeatTimeoutMs) {
                continue;
            }
            next = next.with(new PoolState.PoolWorker(w.with(WorkerStatus.OFFLINE, w.usedSlots()), known.held()));
            known.held().values().stream().filter(PoolState.Held::confirmed)
                    .sorted(Comparator.comparing(PoolState.Held::taskId))
                    .forEach(h -> disconnected.add(new Disconnected(w.id(), h.taskId(), h.policy())));
        }
        return new Expired(next, List.copyOf(disconnected));
    }

    /** The worker with its used slots summed from what it holds, and busy exactly when they are all used. */
    private static PoolState.PoolWorker settled(Worker w, Map<String, PoolState.Held> held) {
        int used = held.values().stream().mapToInt(PoolState.Held::cost).sum();
        WorkerStatus status = w.status();
        if (status == WorkerStatus.IDLE || status == WorkerStatus.BUSY) {
            status = used >= w.capacity() ? WorkerStatus.BUSY : WorkerStatus.IDLE;
        }
        return new PoolState.PoolWorker(w.with(status, used), held);
    }
}
