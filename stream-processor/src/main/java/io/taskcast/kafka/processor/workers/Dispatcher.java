package io.taskcast.kafka.processor.workers;

import io.taskcast.kafka.schemas.AssignMode;
import io.taskcast.kafka.schemas.DisconnectPolicy;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.command.AssignTask;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.DeclineTask;
import io.taskcast.kafka.schemas.worker.ConnectionMode;
import io.taskcast.kafka.schemas.worker.PoolMessage;
import io.taskcast.kafka.schemas.worker.Worker;
import io.taskcast.kafka.schemas.worker.WorkerMatching;
import io.taskcast.kafka.schemas.worker.WorkerStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pool stage's matching as pure functions (docs/workers.md): (pool state, message, record
 * time) → the next state and the commands for the task stage. A waiting worker is given the
 * pending task that came first among those it can take; a task that becomes pending goes at once
 * to the preferred worker among those waiting. Slots are reserved before the {@code assign} is
 * sent, so no worker exceeds its capacity; the task stage's answer (the task's change, or a
 * refusal) confirms or frees them.
 */
final class Dispatcher {

    /** How long after its deadline a poll that was given a task is kept, so a late stop can decline it. */
    static final long ANSWERED_POLL_KEPT_MS = 60_000;

    private Dispatcher() {
    }

    /** The next state, and the commands to send to the task stage, in order. */
    record Outcome(PoolState next, List<Command> commands) {
    }

    /**
     * Where a poll's answer goes: the request/reply headers of its wait, copied onto the
     * {@code assign} the poll is given, so the task stage's reply reaches the API that waits.
     */
    record Address(byte[] correlationId, byte[] replyTopic, byte[] replyPartition) {
    }

    /** @param address the reply address of a {@link PoolMessage.Wait}; ignored for other messages */
    static Outcome apply(PoolState state, PoolMessage message, Address address, long now) {
        PoolState current = forgetEndedPolls(state, now);
        if (message instanceof PoolMessage.Wait wait) {
            return waitFor(current, wait, address, now);
        }
        if (message instanceof PoolMessage.StopWaiting stop) {
            return stopWaiting(current, stop);
        }
        if (message instanceof PoolMessage.TaskChanged changed) {
            return taskChanged(current, changed.task(), now);
        }
        return refused(current, (PoolMessage.Refused) message, now);
    }

    /**
     * A worker waits: an unknown (or offline) one is registered for pull, a known one is heard
     * from; then it is given the first pending task it can take, if any.
     */
    private static Outcome waitFor(PoolState state, PoolMessage.Wait wait, Address address, long now) {
        PoolState.PoolWorker known = state.workers().get(wait.workerId());
        PoolState next;
        if (known == null || known.worker().status() == WorkerStatus.OFFLINE || wait.weight() != null
                || wait.capacity() != null || wait.matchRule() != null) {
            Worker w = known == null ? null : known.worker();
            next = WorkerPool.register(state, wait.workerId(),
                    wait.matchRule() != null ? wait.matchRule() : w == null ? null : w.matchRule(),
                    wait.capacity() != null ? wait.capacity() : w == null ? null : w.capacity(),
                    wait.weight() != null ? wait.weight() : w == null ? null : w.weight(),
                    w == null ? ConnectionMode.PULL : w.connectionMode(), w == null ? null : w.metadata(), now);
        } else {
            next = WorkerPool.heartbeat(state, wait.workerId(), now);
        }
        if (wait.until() < now) {
            return new Outcome(next, List.of());
        }
        PoolState.Poll poll = new PoolState.Poll(wait.pollId(), wait.workerId(), wait.until(),
                address.correlationId(), address.replyTopic(), address.replyPartition(), null, false, null);
        return giveToPoll(next.with(poll), poll);
    }

    /** Nobody waits for the poll's answer any more: a task given to it goes back to pending. */
    private static Outcome stopWaiting(PoolState state, PoolMessage.StopWaiting stop) {
        PoolState.Poll poll = state.polls().get(stop.pollId());
        if (poll == null) {
            return new Outcome(state, List.of());
        }
        PoolState next = state.withoutPoll(poll.pollId());
        if (poll.waiting()) {
            return new Outcome(next, List.of());
        }
        PoolState.Pending offered = next.pending().get(poll.taskId());
        if (offered != null && poll.pollId().equals(offered.offeredTo())) {
            next = next.with(offered.offered(null));
        }
        return new Outcome(next, List.of(new DeclineTask("stop/" + poll.pollId(), poll.taskId(), poll.workerId(),
                false)));
    }

    /**
     * The task stage changed an assignable task: confirm its assignment, free the slots of one that
     * ended, keep it in line while it is pending, and give it to a waiting worker.
     */
    private static Outcome taskChanged(PoolState state, Task task, long now) {
        PoolState next = state;
        List<String> freed = new ArrayList<>();
        for (PoolState.PoolWorker pw : state.workers().values()) {
            PoolState.Held held = pw.held().get(task.id());
            if (held == null) {
                continue;
            }
            String workerId = pw.worker().id();
            boolean holds = workerId.equals(task.assignedWorker()) && !task.status().isTerminal();
            if (holds && !held.confirmed() && task.status() == TaskStatus.ASSIGNED) {
                next = confirm(next, workerId, task.id());
            } else if (!holds && (held.confirmed() || task.status().isTerminal())) {
                // An unconfirmed reservation is freed by the assignment's answer (a refusal), as
                // news of the task from before the assignment may still arrive.
                next = WorkerPool.release(next, workerId, task.id());
                freed.add(workerId);
            }
        }
        Outcome outcome;
        if (task.status() != TaskStatus.PENDING || !pulled(task)) {
            outcome = new Outcome(next.withoutPending(task.id()), List.of());
        } else {
            PoolState.Pending known = next.pending().get(task.id());
            PoolState.Pending pending = known == null ? new PoolState.Pending(task, next.sequence(), null)
                    : new PoolState.Pending(task, known.since(), known.offeredTo());
            next = next.with(pending);
            outcome = pending.offeredTo() == null ? giveTask(next, pending, now) : new Outcome(next, List.of());
        }
        return freed.isEmpty() ? outcome : givenToWaitingPollsOf(freed, outcome, now);
    }

    /** Workers that got slots back: their waiting polls may take tasks they had no room for. */
    private static Outcome givenToWaitingPollsOf(List<String> workerIds, Outcome before, long now) {
        PoolState next = before.next();
        List<Command> commands = new ArrayList<>(before.commands());
        for (PoolState.Poll poll : before.next().polls().values()) {
            if (workerIds.contains(poll.workerId()) && poll.waiting() && poll.until() >= now) {
                Outcome given = giveToPoll(next, next.polls().get(poll.pollId()));
                next = given.next();
                commands.addAll(given.commands());
            }
        }
        return new Outcome(next, List.copyOf(commands));
    }

    /** The assignment was refused: the reserved slots come back and the poll waits on for another task. */
    private static Outcome refused(PoolState state, PoolMessage.Refused refused, long now) {
        PoolState next = WorkerPool.release(state, refused.workerId(), refused.taskId());
        PoolState.Pending offered = next.pending().get(refused.taskId());
        if (offered != null && refused.pollId() != null && refused.pollId().equals(offered.offeredTo())) {
            next = next.with(offered.offered(null));
        }
        PoolState.Poll poll = refused.pollId() == null ? null : next.polls().get(refused.pollId());
        if (poll == null || !refused.taskId().equals(poll.taskId())) {
            return new Outcome(next, List.of());
        }
        PoolState.Poll again = poll.refusedOnce();
        next = next.with(again);
        if (again.until() < now) {
            return new Outcome(next, List.of());
        }
        Outcome forPoll = giveToPoll(next, again);
        if (!forPoll.commands().isEmpty() || offered == null) {
            return forPoll;
        }
        // The refused task may suit another waiting worker (one that did not blacklist it).
        PoolState.Pending stillPending = forPoll.next().pending().get(refused.taskId());
        return stillPending == null ? forPoll : giveTask(forPoll.next(), stillPending, now);
    }

    private static PoolState confirm(PoolState state, String workerId, String taskId) {
        PoolState next = WorkerPool.confirm(state, workerId, taskId);
        for (PoolState.Poll poll : state.polls().values()) {
            if (taskId.equals(poll.taskId()) && workerId.equals(poll.workerId())) {
                next = next.with(poll.confirmed());
            }
        }
        return next;
    }

    /** The first pending task (in line) the poll's worker can take, reserved and sent to the task stage. */
    private static Outcome giveToPoll(PoolState state, PoolState.Poll poll) {
        PoolState.PoolWorker pw = state.workers().get(poll.workerId());
        if (pw == null) {
            return new Outcome(state, List.of());
        }
        Optional<PoolState.Pending> first = state.pending().values().stream()
                .filter(p -> p.offeredTo() == null && !poll.refused().contains(p.task().id()))
                .filter(p -> WorkerMatching.candidates(p.task(), List.of(pw.worker())).size() == 1)
                .min(Comparator.comparingLong(PoolState.Pending::since));
        return first.map(p -> reserve(state, poll, p)).orElse(new Outcome(state, List.of()));
    }

    /** The pending task to the preferred worker among those waiting that can take it. */
    private static Outcome giveTask(PoolState state, PoolState.Pending pending, long now) {
        List<PoolState.Poll> waiting = state.polls().values().stream()
                .filter(p -> p.waiting() && p.until() >= now && !p.refused().contains(pending.task().id()))
                .toList();
        if (waiting.isEmpty()) {
            return new Outcome(state, List.of());
        }
        List<Worker> workers = new ArrayList<>();
        for (PoolState.Poll p : waiting) {
            PoolState.PoolWorker pw = state.workers().get(p.workerId());
            if (pw != null && !workers.contains(pw.worker())) {
                workers.add(pw.worker());
            }
        }
        for (Worker best : WorkerMatching.candidates(pending.task(), workers)) {
            Optional<PoolState.Poll> poll = waiting.stream().filter(p -> p.workerId().equals(best.id()))
                    .min(Comparator.comparingLong(PoolState.Poll::until).thenComparing(PoolState.Poll::pollId));
            if (poll.isPresent()) {
                return reserve(state, poll.get(), pending);
            }
        }
        return new Outcome(state, List.of());
    }

    private static Outcome reserve(PoolState state, PoolState.Poll poll, PoolState.Pending pending) {
        Task task = pending.task();
        DisconnectPolicy policy = task.disconnectPolicy() == null ? DisconnectPolicy.REASSIGN : task.disconnectPolicy();
        WorkerPool.Reserved reserved = WorkerPool.reserve(state, poll.workerId(), task.id(),
                WorkerMatching.cost(task), policy);
        if (reserved.answer() != WorkerPool.Reservation.RESERVED) {
            return new Outcome(state, List.of());
        }
        PoolState next = reserved.next().with(poll.given(task.id())).with(pending.offered(poll.pollId()));
        return new Outcome(next, List.of(new AssignTask(poll.pollId() + "/" + task.id(), task.id(), poll.workerId(),
                poll.pollId())));
    }

    /** Tasks a long poll may be given. */
    private static boolean pulled(Task task) {
        return task.assignMode() == AssignMode.PULL;
    }

    /**
     * Waits past their deadline that were given nothing end; those given a task are kept a while
     * longer, so the API's late stop can still send their task back.
     */
    private static PoolState forgetEndedPolls(PoolState state, long now) {
        PoolState next = state;
        for (Map.Entry<String, PoolState.Poll> e : state.polls().entrySet()) {
            PoolState.Poll poll = e.getValue();
            boolean ended = poll.waiting() ? poll.until() < now : poll.until() + ANSWERED_POLL_KEPT_MS < now;
            if (ended) {
                next = next.withoutPoll(e.getKey());
            }
        }
        return next;
    }
}
