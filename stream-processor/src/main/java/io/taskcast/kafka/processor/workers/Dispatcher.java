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
import java.util.Optional;

/**
 * The pool stage's matching (docs/workers.md): (pool, message, record time) → the pool changed in
 * place and the commands for the task stage. Deterministic: it reads nothing but its arguments. A
 * waiting worker is given the pending task that came first among those it can take; a task that
 * becomes pending goes at once to the preferred worker among those waiting. Slots are reserved
 * before the {@code assign} is sent, so no worker exceeds its capacity; the task stage's answer
 * (the task's change, or a refusal) confirms or frees them.
 */
final class Dispatcher {

    private Dispatcher() {
    }

    /**
     * Where a poll's answer goes: the request/reply headers of its wait, copied onto the
     * {@code assign} the poll is given, so the task stage's reply reaches the API that waits.
     */
    record Address(byte[] correlationId, byte[] replyTopic, byte[] replyPartition) {
    }

    /**
     * @param address the reply address of a {@link PoolMessage.Wait}; ignored for other messages
     * @return the commands to send to the task stage, in order
     */
    static List<Command> apply(PoolBook pool, PoolMessage message, Address address, long now) {
        forgetEndedPolls(pool, now);
        List<Command> out = new ArrayList<>();
        if (message instanceof PoolMessage.Wait wait) {
            waitFor(pool, wait, address, now, out);
        } else if (message instanceof PoolMessage.StopWaiting stop) {
            stopWaiting(pool, stop, out);
        } else if (message instanceof PoolMessage.TaskChanged changed) {
            taskChanged(pool, changed.task(), now, out);
        } else {
            refused(pool, (PoolMessage.Refused) message, now, out);
        }
        return out;
    }

    /**
     * A worker waits: an unknown (or offline) one is registered for pull, a known one is heard
     * from; then it is given the first pending task it can take, if any.
     */
    private static void waitFor(PoolBook pool, PoolMessage.Wait wait, Address address, long now, List<Command> out) {
        PoolState.PoolWorker known = pool.workers().workers().get(wait.workerId());
        if (known == null || known.worker().status() == WorkerStatus.OFFLINE || wait.weight() != null
                || wait.capacity() != null || wait.matchRule() != null) {
            Worker w = known == null ? null : known.worker();
            pool.workers(WorkerPool.register(pool.workers(), wait.workerId(),
                    wait.matchRule() != null ? wait.matchRule() : w == null ? null : w.matchRule(),
                    wait.capacity() != null ? wait.capacity() : w == null ? null : w.capacity(),
                    wait.weight() != null ? wait.weight() : w == null ? null : w.weight(),
                    w == null ? ConnectionMode.PULL : w.connectionMode(), w == null ? null : w.metadata(), now));
        } else {
            pool.workers(WorkerPool.heartbeat(pool.workers(), wait.workerId(), now));
        }
        if (wait.until() < now) {
            return;
        }
        PoolBook.Poll poll = new PoolBook.Poll(wait.pollId(), wait.workerId(), wait.until(),
                address.correlationId(), address.replyTopic(), address.replyPartition(), null, null);
        pool.put(poll);
        giveToPoll(pool, poll, out);
    }

    /**
     * Nobody waits for the poll's answer any more: a task given to it goes back to pending. The
     * task is either on its way (the poll still knows it) or confirmed (the worker's held entry
     * names the poll).
     */
    private static void stopWaiting(PoolBook pool, PoolMessage.StopWaiting stop, List<Command> out) {
        PoolBook.Poll poll = pool.poll(stop.pollId());
        if (poll != null) {
            pool.removePoll(poll.pollId());
            if (poll.waiting()) {
                return;
            }
            PoolBook.Pending offered = pool.pending(poll.taskId());
            if (offered != null && poll.pollId().equals(offered.offeredTo())) {
                pool.put(offered.offered(null));
            }
            out.add(decline(poll.pollId(), poll.taskId(), poll.workerId()));
            return;
        }
        PoolState.PoolWorker pw = pool.workers().workers().get(stop.workerId());
        Optional<PoolState.Held> given = pw == null ? Optional.empty() : pw.held().values().stream()
                .filter(h -> stop.pollId().equals(h.pollId())).findFirst();
        given.ifPresent(h -> out.add(decline(stop.pollId(), h.taskId(), stop.workerId())));
    }

    private static DeclineTask decline(String pollId, String taskId, String workerId) {
        return new DeclineTask("stop/" + pollId, taskId, workerId, false);
    }

    /**
     * The task stage changed an assignable task: confirm its assignment, free the slots of one that
     * ended, keep it in line while it is pending, and give it to a waiting worker; workers that got
     * slots back are given what waits for them.
     */
    private static void taskChanged(PoolBook pool, Task task, long now, List<Command> out) {
        List<String> freed = new ArrayList<>();
        for (PoolState.PoolWorker pw : pool.workers().workers().values()) {
            PoolState.Held held = pw.held().get(task.id());
            if (held == null) {
                continue;
            }
            String workerId = pw.worker().id();
            boolean holds = workerId.equals(task.assignedWorker()) && !task.status().isTerminal();
            if (holds && !held.confirmed() && task.status() == TaskStatus.ASSIGNED) {
                confirm(pool, workerId, task.id());
            } else if (!holds && (held.confirmed() || task.status().isTerminal())) {
                // An unconfirmed reservation is freed by the assignment's answer (a refusal), as
                // news of the task from before the assignment may still arrive.
                pool.workers(WorkerPool.release(pool.workers(), workerId, task.id()));
                freed.add(workerId);
            }
        }
        if (task.status() != TaskStatus.PENDING || !pulled(task)) {
            pool.removePending(task.id());
        } else {
            PoolBook.Pending pending = pool.keepPending(task);
            if (pending.offeredTo() == null) {
                giveTask(pool, pending, now, out);
            }
        }
        for (PoolBook.Poll poll : pool.polls()) {
            if (freed.contains(poll.workerId()) && poll.waiting() && poll.until() >= now) {
                giveToPoll(pool, pool.poll(poll.pollId()), out);
            }
        }
    }

    /** The assignment was refused: the reserved slots come back and the poll waits on for another task. */
    private static void refused(PoolBook pool, PoolMessage.Refused refused, long now, List<Command> out) {
        pool.workers(WorkerPool.release(pool.workers(), refused.workerId(), refused.taskId()));
        PoolBook.Pending offered = pool.pending(refused.taskId());
        if (offered != null && refused.pollId() != null && refused.pollId().equals(offered.offeredTo())) {
            pool.put(offered.offered(null));
        }
        PoolBook.Poll poll = refused.pollId() == null ? null : pool.poll(refused.pollId());
        if (poll == null || !refused.taskId().equals(poll.taskId())) {
            return;
        }
        PoolBook.Poll again = poll.refusedOnce();
        pool.put(again);
        if (again.until() < now) {
            return;
        }
        int before = out.size();
        giveToPoll(pool, again, out);
        PoolBook.Pending stillPending = pool.pending(refused.taskId());
        if (out.size() == before && stillPending != null && stillPending.offeredTo() == null) {
            // The refused task may suit another waiting worker (one that did not blacklist it).
            giveTask(pool, stillPending, now, out);
        }
    }

    /** The assignment holds: the reservation becomes the worker's task, and the poll is answered. */
    private static void confirm(PoolBook pool, String workerId, String taskId) {
        pool.workers(WorkerPool.confirm(pool.workers(), workerId, taskId));
        for (PoolBook.Poll poll : pool.polls()) {
            if (taskId.equals(poll.taskId()) && workerId.equals(poll.workerId())) {
                pool.removePoll(poll.pollId());
            }
        }
    }

    /** The first pending task (in line) the poll's worker can take, reserved and sent to the task stage. */
    private static void giveToPoll(PoolBook pool, PoolBook.Poll poll, List<Command> out) {
        PoolState.PoolWorker pw = pool.workers().workers().get(poll.workerId());
        if (pw == null) {
            return;
        }
        List<Worker> worker = List.of(pw.worker());
        for (PoolBook.Pending p : pool.inLine()) {
            if (p.offeredTo() == null && !poll.refused().contains(p.task().id())
                    && !WorkerMatching.candidates(p.task(), worker).isEmpty()) {
                reserve(pool, poll, p, out);
                return;
            }
        }
    }

    /** The pending task to the preferred worker among those waiting that can take it. */
    private static void giveTask(PoolBook pool, PoolBook.Pending pending, long now, List<Command> out) {
        List<PoolBook.Poll> waiting = pool.polls().stream()
                .filter(p -> p.waiting() && p.until() >= now && !p.refused().contains(pending.task().id()))
                .toList();
        if (waiting.isEmpty()) {
            return;
        }
        List<Worker> workers = new ArrayList<>();
        for (PoolBook.Poll p : waiting) {
            PoolState.PoolWorker pw = pool.workers().workers().get(p.workerId());
            if (pw != null && !workers.contains(pw.worker())) {
                workers.add(pw.worker());
            }
        }
        for (Worker best : WorkerMatching.candidates(pending.task(), workers)) {
            Optional<PoolBook.Poll> poll = waiting.stream().filter(p -> p.workerId().equals(best.id()))
                    .min(Comparator.comparingLong(PoolBook.Poll::until).thenComparing(PoolBook.Poll::pollId));
            if (poll.isPresent()) {
                reserve(pool, poll.get(), pending, out);
                return;
            }
        }
    }

    private static void reserve(PoolBook pool, PoolBook.Poll poll, PoolBook.Pending pending, List<Command> out) {
        Task task = pending.task();
        DisconnectPolicy policy = task.disconnectPolicy() == null ? DisconnectPolicy.REASSIGN : task.disconnectPolicy();
        WorkerPool.Reserved reserved = WorkerPool.reserve(pool.workers(), poll.workerId(), task.id(),
                WorkerMatching.cost(task), policy, poll.pollId());
        if (reserved.answer() != WorkerPool.Reservation.RESERVED) {
            return;
        }
        pool.workers(reserved.next());
        pool.put(poll.given(task.id()));
        pool.put(pending.offered(poll.pollId()));
        out.add(new AssignTask(poll.pollId() + "/" + task.id(), task.id(), poll.workerId(), poll.pollId()));
    }

    /** Tasks a long poll may be given. */
    private static boolean pulled(Task task) {
        return task.assignMode() == AssignMode.PULL;
    }

    /**
     * Waits past their deadline that were given nothing end. One with an assignment on its way
     * stays until the task stage answers it.
     */
    private static void forgetEndedPolls(PoolBook pool, long now) {
        for (PoolBook.Poll poll : pool.polls()) {
            if (poll.waiting() && poll.until() < now) {
                pool.removePoll(poll.pollId());
            }
        }
    }
}
