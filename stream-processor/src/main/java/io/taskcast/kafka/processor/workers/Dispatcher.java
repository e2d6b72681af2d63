package io.taskcast.kafka.processor.workers;

import io.taskcast.kafka.schemas.AssignMode;
import io.taskcast.kafka.schemas.DisconnectPolicy;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.command.AssignTask;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.DeclineTask;
import io.taskcast.kafka.schemas.worker.ConnectionMode;
import io.taskcast.kafka.schemas.worker.MatchRule;
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
 * place, the commands for the task stage and the leases for the APIs. Deterministic: it reads
 * nothing but its arguments.
 * <ul>
 *   <li>A wait that may be leased (the API's long poll) holds its worker's free slots and is told
 *       so, with the first pending task the worker can take set aside for it: the API assigns
 *       that task, or a task it sees become pending, straight to the task stage (the fast path).</li>
 *   <li>Any other wait, or one whose worker has no free slot, waits here: the pool reserves the
 *       slots of a task for it and sends the task stage the {@code assign} (the slow path).</li>
 *   <li>A pending task no wait was given is offered on a {@link PoolMessage.Tick} once it has been
 *       pending {@link #OFFER_DELAY_MS} (the APIs had their chance), to a leased wait.</li>
 * </ul>
 * Slots are held before any assignment is sent, so no worker exceeds its capacity; the task
 * stage's answer (the task's change, or a refusal) settles or frees them.
 */
final class Dispatcher {

    /**
     * How long past its deadline a lease is kept: the API that holds the wait answers an assignment
     * on its way before it stops (within its reply timeout). Only an API that died leaves a lease
     * to this expiry.
     */
    static final long LEASE_GRACE_MS = 60_000;
    /** How long a pending task is left to the APIs' fast path before the pool offers it to a leased wait. */
    static final long OFFER_DELAY_MS = 500;
    /**
     * A slow-path wait is given a task only this long before its deadline: the assignment takes a
     * commit of the pool and one of the task stage to reach the API, and one that arrives after
     * the API gave up is declined again.
     */
    static final long SLOW_PATH_MARGIN_MS = 500;

    private Dispatcher() {
    }

    /**
     * Where a poll's answer goes: the request/reply headers of its wait, copied onto the
     * {@code assign} the poll is given, so the task stage's reply reaches the API that waits.
     */
    record Address(byte[] correlationId, byte[] replyTopic, byte[] replyPartition) {
    }

    /** What one message makes the stage send: commands for the task stage, and leases for the API. */
    record Outputs(List<Command> commands, List<Lease> leases) {

        Outputs() {
            this(new ArrayList<>(), new ArrayList<>());
        }
    }

    /** The slots held for a wait, its worker's rule and the pending task set aside for it, for the API. */
    record Lease(String pollId, int slots, MatchRule rule, String offered) {
    }

    /** @param address the reply address of a {@link PoolMessage.Wait}; ignored for other messages */
    static Outputs apply(PoolBook pool, PoolMessage message, Address address, long now) {
        Outputs out = new Outputs();
        forgetEndedPolls(pool, now, out);
        if (message instanceof PoolMessage.Wait wait) {
            waitFor(pool, wait, address, now, out);
        } else if (message instanceof PoolMessage.StopWaiting stop) {
            stopWaiting(pool, stop, now, out);
        } else if (message instanceof PoolMessage.TaskChanged changed) {
            taskChanged(pool, changed, now, out);
        } else if (message instanceof PoolMessage.Refused refused) {
            refused(pool, refused, now, out);
        } else {
            offerAged(pool, now, out);
        }
        return out;
    }

    /** Whether a {@link PoolMessage.Tick} would offer something now: a pending task no wait has, and a leased wait. */
    static boolean wantsTick(PoolBook pool) {
        boolean leasedFree = false;
        for (PoolBook.Poll poll : pool.polls()) {
            leasedFree |= poll.leased() && poll.taskId() == null;
        }
        if (!leasedFree) {
            return false;
        }
        for (PoolBook.Pending p : pool.inLine()) {
            if (p.offeredTo() == null) {
                return true;
            }
        }
        return false;
    }

    /**
     * A worker waits: an unknown (or offline) one is registered for pull, a known one is heard
     * from; then the wait is leased or, on the slow path, given the first pending task it can take.
     */
    private static void waitFor(PoolBook pool, PoolMessage.Wait wait, Address address, long now, Outputs out) {
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
        for (PoolMessage.Answered answered : wait.answered()) {
            settleAnswered(pool, wait.workerId(), answered, now, out);
        }
        if (wait.until() < now) {
            return;
        }
        PoolBook.Poll poll = new PoolBook.Poll(wait.pollId(), wait.workerId(), wait.until(),
                address.correlationId(), address.replyTopic(), address.replyPartition(), null, null, false);
        pool.put(poll);
        if (!wait.lease() || !lease(pool, poll, out)) {
            giveToPoll(pool, poll, now, out.commands());
        }
    }

    /**
     * The API answered a leased wait with a task (the task stage assigned it): the lease becomes the
     * task's slots now. The task stage's news of the assignment, which comes later, then finds it
     * settled; if it came first, the lease is gone and nothing changes here.
     */
    private static void settleAnswered(PoolBook pool, String workerId, PoolMessage.Answered answered, long now,
                                       Outputs out) {
        PoolState.PoolWorker pw = pool.workers().workers().get(workerId);
        if (pw == null || !pw.held().containsKey(WorkerPool.leaseOf(answered.pollId()))) {
            return;
        }
        pool.workers(WorkerPool.settleLease(pool.workers(), workerId, answered.pollId(), answered.taskId(),
                answered.cost(), answered.policy() == null ? DisconnectPolicy.REASSIGN : answered.policy(),
                answered.version()));
        if (pool.poll(answered.pollId()) != null) {
            pool.removePending(answered.taskId());
        }
        answeredWith(pool, answered.pollId(), answered.taskId(), now, out);
    }

    /**
     * The wait was answered with {@code taskId}: it leaves the pool, and another task set aside for
     * it (an offer that came while the assignment was on its way) is free for other waits.
     */
    private static void answeredWith(PoolBook pool, String pollId, String taskId, long now, Outputs out) {
        PoolBook.Poll poll = pool.poll(pollId);
        if (poll == null) {
            return;
        }
        pool.removePoll(pollId);
        PoolBook.Pending aside = poll.taskId() == null || poll.taskId().equals(taskId) ? null
                : pool.pending(poll.taskId());
        if (aside != null && pollId.equals(aside.offeredTo())) {
            PoolBook.Pending free = aside.offered(null);
            pool.put(free);
            giveTask(pool, free, now, out);
        }
    }

    /**
     * The fast path: the worker's free slots are held for the wait and the API is told, with the
     * first pending task the worker can take set aside for it (no other wait is offered it).
     *
     * @return false when the worker has no free slot: the wait stays on the slow path
     */
    private static boolean lease(PoolBook pool, PoolBook.Poll poll, Outputs out) {
        PoolState.PoolWorker pw = pool.workers().workers().get(poll.workerId());
        if (pw == null || !pw.worker().canTake(1)) {
            return false;
        }
        int slots = pw.worker().freeSlots();
        WorkerPool.Reserved reserved = WorkerPool.reserve(pool.workers(), poll.workerId(),
                WorkerPool.leaseOf(poll.pollId()), slots, null, poll.pollId());
        if (reserved.answer() != WorkerPool.Reservation.RESERVED) {
            return false;
        }
        pool.workers(reserved.next());
        PoolBook.Pending first = firstFor(pool, poll, pw.worker(), slots);
        setAside(pool, poll.leased(null), first, slots, pw.worker().matchRule(), out);
        return true;
    }

    /** Tells the API of a leased wait's lease, with {@code task} set aside for it (null: none). */
    private static void setAside(PoolBook pool, PoolBook.Poll leased, PoolBook.Pending task, int slots,
                                 MatchRule rule, Outputs out) {
        String offered = task == null ? null : task.task().id();
        pool.put(leased.leased(offered));
        if (task != null) {
            pool.put(task.offered(leased.pollId()));
        }
        out.leases().add(new Lease(leased.pollId(), slots, rule, offered));
    }

    /**
     * Nobody waits for the poll's answer any more. A leased wait gives its slots back (the API
     * stops one only once no assignment of its is on its way); a task on its way for a slow-path
     * wait, or assigned for a wait already answered (the worker's held entry names it), goes back
     * to pending.
     */
    private static void stopWaiting(PoolBook pool, PoolMessage.StopWaiting stop, long now, Outputs out) {
        PoolBook.Poll poll = pool.poll(stop.pollId());
        if (poll != null) {
            forget(pool, poll, now, out);
            if (!poll.leased() && poll.taskId() != null) {
                out.commands().add(decline(poll.pollId(), poll.taskId(), poll.workerId()));
            }
            return;
        }
        PoolState.PoolWorker pw = pool.workers().workers().get(stop.workerId());
        Optional<PoolState.Held> given = pw == null ? Optional.empty() : pw.held().values().stream()
                .filter(h -> h.confirmed() && stop.pollId().equals(h.pollId())).findFirst();
        given.ifPresent(h -> out.commands().add(decline(stop.pollId(), h.taskId(), stop.workerId())));
    }

    private static DeclineTask decline(String pollId, String taskId, String workerId) {
        return new DeclineTask("stop/" + pollId, taskId, workerId, false);
    }

    /**
     * The poll leaves the pool: its lease's slots come back, and a task set aside or on its way
     * for it is free for others (unless the assignment holds: the task's news removes it then).
     */
    private static void forget(PoolBook pool, PoolBook.Poll poll, long now, Outputs out) {
        pool.removePoll(poll.pollId());
        List<String> freed = new ArrayList<>();
        if (poll.leased() && pool.workers().workers().containsKey(poll.workerId())
                && pool.workers().workers().get(poll.workerId()).held().containsKey(WorkerPool.leaseOf(poll.pollId()))) {
            pool.workers(WorkerPool.release(pool.workers(), poll.workerId(), WorkerPool.leaseOf(poll.pollId())));
            freed.add(poll.workerId());
        }
        PoolBook.Pending aside = poll.taskId() == null ? null : pool.pending(poll.taskId());
        if (aside != null && poll.pollId().equals(aside.offeredTo())) {
            PoolBook.Pending free = aside.offered(null);
            pool.put(free);
            if (poll.leased()) {
                // Set aside, never sent: free for another wait now. (An assignment on its way for
                // a slow-path wait is answered first; the task's news says what became of it.)
                giveTask(pool, free, now, out);
            }
        }
        givenToWaitingPollsOf(pool, freed, now, out.commands());
    }

    /**
     * The task stage changed an assignable task: settle an assignment for a wait, free the slots
     * of one that ended, keep the task in line while it is pending, and give it to a waiting
     * worker; workers that got slots back are given what waits for them.
     */
    private static void taskChanged(PoolBook pool, PoolMessage.TaskChanged changed, long now, Outputs out) {
        Task task = changed.task();
        for (PoolState.PoolWorker pw : pool.workers().workers().values()) {
            PoolState.Held held = pw.held().get(task.id());
            if (held != null && held.since() > changed.version()) {
                // Older than the assignment the pool learned from the worker's API: nothing new.
                return;
            }
        }
        if (changed.pollId() != null && task.status() == TaskStatus.ASSIGNED && task.assignedWorker() != null) {
            settled(pool, task, changed.pollId(), changed.version(), now, out);
        }
        List<String> freed = new ArrayList<>();
        for (PoolState.PoolWorker pw : pool.workers().workers().values()) {
            PoolState.Held held = pw.held().get(task.id());
            if (held == null) {
                continue;
            }
            String workerId = pw.worker().id();
            boolean holds = workerId.equals(task.assignedWorker()) && !task.status().isTerminal();
            if (!holds && (held.confirmed() || task.status().isTerminal())) {
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
        givenToWaitingPollsOf(pool, freed, now, out.commands());
    }

    /**
     * An assignment for a wait holds: the wait is answered and leaves the pool, its reservation or
     * lease becomes the task's slots (a lease's other slots come back). A task assigned through a
     * lease that expired is held all the same (the worker has it) and sent back, its wait gone.
     */
    private static void settled(PoolBook pool, Task task, String pollId, long version, long now, Outputs out) {
        String workerId = task.assignedWorker();
        PoolState.PoolWorker pw = pool.workers().workers().get(workerId);
        if (pw == null) {
            return;
        }
        PoolState.Held reserved = pw.held().get(task.id());
        boolean leased = pw.held().containsKey(WorkerPool.leaseOf(pollId));
        if (reserved != null) {
            pool.workers(WorkerPool.confirm(pool.workers(), workerId, task.id(), version));
        } else {
            DisconnectPolicy policy = task.disconnectPolicy() == null ? DisconnectPolicy.REASSIGN
                    : task.disconnectPolicy();
            pool.workers(WorkerPool.settleLease(pool.workers(), workerId, pollId, task.id(),
                    WorkerMatching.cost(task), policy, version));
            if (!leased) {
                out.commands().add(decline(pollId, task.id(), workerId));
            }
        }
        answeredWith(pool, pollId, task.id(), now, out);
        if (leased) {
            givenToWaitingPollsOf(pool, List.of(workerId), now, out.commands());
        }
    }

    /**
     * The assignment was refused (the task was no longer pending, or the worker blacklisted it):
     * reserved slots come back; a slow-path wait waits on for another task, a leased one keeps its
     * lease for the next task its API sees.
     */
    private static void refused(PoolBook pool, PoolMessage.Refused refused, long now, Outputs out) {
        pool.workers(WorkerPool.release(pool.workers(), refused.workerId(), refused.taskId()));
        PoolBook.Pending offered = pool.pending(refused.taskId());
        if (offered != null && refused.pollId() != null && refused.pollId().equals(offered.offeredTo())) {
            pool.put(offered.offered(null));
        }
        PoolBook.Poll poll = refused.pollId() == null ? null : pool.poll(refused.pollId());
        if (poll == null || !refused.taskId().equals(poll.taskId())) {
            return;
        }
        if (poll.leased()) {
            pool.put(poll.leased(null));
            return;
        }
        PoolBook.Poll again = poll.refusedOnce();
        pool.put(again);
        if (again.until() < now) {
            return;
        }
        int before = out.commands().size();
        giveToPoll(pool, again, now, out.commands());
        PoolBook.Pending stillPending = pool.pending(refused.taskId());
        if (out.commands().size() == before && stillPending != null && stillPending.offeredTo() == null) {
            // The refused task may suit another waiting worker (one that did not blacklist it).
            giveTask(pool, stillPending, now, out);
        }
    }

    /** Workers that got slots back: their waiting polls may take tasks they had no room for. */
    private static void givenToWaitingPollsOf(PoolBook pool, List<String> workerIds, long now, List<Command> out) {
        if (workerIds.isEmpty()) {
            return;
        }
        for (PoolBook.Poll poll : pool.polls()) {
            if (workerIds.contains(poll.workerId()) && poll.waiting() && poll.until() >= now) {
                giveToPoll(pool, pool.poll(poll.pollId()), now, out);
            }
        }
    }

    /** The first pending task in line the worker can take (at most {@code slots}), nobody was offered, or null. */
    private static PoolBook.Pending firstFor(PoolBook pool, PoolBook.Poll poll, Worker worker, int slots) {
        List<Worker> candidate = List.of(worker);
        for (PoolBook.Pending p : pool.inLine()) {
            if (p.offeredTo() == null && !poll.refused().contains(p.task().id())
                    && WorkerMatching.cost(p.task()) <= slots
                    && !WorkerMatching.candidates(p.task(), candidate).isEmpty()) {
                return p;
            }
        }
        return null;
    }

    /** The slow path: the first pending task (in line) the poll's worker can take, reserved and sent. */
    private static void giveToPoll(PoolBook pool, PoolBook.Poll poll, long now, List<Command> out) {
        if (poll.until() - now < SLOW_PATH_MARGIN_MS) {
            return;
        }
        PoolState.PoolWorker pw = pool.workers().workers().get(poll.workerId());
        PoolBook.Pending first = pw == null ? null : firstFor(pool, poll, pw.worker(), Integer.MAX_VALUE);
        if (first != null) {
            reserve(pool, poll, first, out);
        }
    }

    /** A pending task to the preferred worker among those waiting on the slow path that can take it. */
    private static void giveTask(PoolBook pool, PoolBook.Pending pending, long now, Outputs out) {
        List<PoolBook.Poll> waiting = pool.polls().stream()
                .filter(p -> p.waiting() && p.until() - now >= SLOW_PATH_MARGIN_MS
                        && !p.refused().contains(pending.task().id()))
                .toList();
        Optional<PoolBook.Poll> poll = preferred(pool, pending, waiting);
        poll.ifPresent(p -> reserve(pool, p, pending, out.commands()));
    }

    /**
     * Pending tasks left to the APIs for {@link #OFFER_DELAY_MS} that no wait has yet go to leased
     * waits without a task set aside: a task that became pending while its API was between two
     * waits of its workers is not left waiting for the next.
     */
    private static void offerAged(PoolBook pool, long now, Outputs out) {
        List<PoolBook.Pending> aged = new ArrayList<>();
        for (PoolBook.Pending p : pool.inLine()) {
            if (p.offeredTo() == null && now - p.task().updatedAt() >= OFFER_DELAY_MS) {
                aged.add(p);
            }
        }
        for (PoolBook.Pending p : aged) {
            List<PoolBook.Poll> leasedFree = pool.polls().stream()
                    .filter(poll -> poll.leased() && poll.taskId() == null && poll.until() >= now
                            && leaseOf(pool, poll) >= WorkerMatching.cost(p.task()))
                    .toList();
            if (leasedFree.isEmpty()) {
                return;
            }
            Optional<PoolBook.Poll> poll = preferred(pool, p, leasedFree);
            poll.ifPresent(chosen -> {
                PoolState.PoolWorker pw = pool.workers().workers().get(chosen.workerId());
                setAside(pool, chosen, p, leaseOf(pool, chosen), pw.worker().matchRule(), out);
            });
        }
    }

    private static int leaseOf(PoolBook pool, PoolBook.Poll poll) {
        PoolState.PoolWorker pw = pool.workers().workers().get(poll.workerId());
        PoolState.Held lease = pw == null ? null : pw.held().get(WorkerPool.leaseOf(poll.pollId()));
        return lease == null ? 0 : lease.cost();
    }

    /** Among {@code polls}, one of the preferred worker that can take the task (by rule, blacklist and slots). */
    private static Optional<PoolBook.Poll> preferred(PoolBook pool, PoolBook.Pending pending, List<PoolBook.Poll> polls) {
        if (polls.isEmpty()) {
            return Optional.empty();
        }
        List<Worker> workers = new ArrayList<>();
        for (PoolBook.Poll p : polls) {
            PoolState.PoolWorker pw = pool.workers().workers().get(p.workerId());
            if (pw == null || workers.contains(pw.worker())) {
                continue;
            }
            // A leased wait's slots are held already: it is matched on its lease, not on free slots.
            Worker w = p.leased() ? pw.worker().with(WorkerStatus.IDLE, pw.worker().capacity() - leaseOf(pool, p))
                    : pw.worker();
            workers.add(w);
        }
        for (Worker best : WorkerMatching.candidates(pending.task(), workers)) {
            Optional<PoolBook.Poll> poll = polls.stream().filter(p -> p.workerId().equals(best.id()))
                    .min(Comparator.comparingLong(PoolBook.Poll::until).thenComparing(PoolBook.Poll::pollId));
            if (poll.isPresent()) {
                return poll;
            }
        }
        return Optional.empty();
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
     * stays until the task stage answers it; a leased one until its grace is over (its API died).
     */
    private static void forgetEndedPolls(PoolBook pool, long now, Outputs out) {
        for (PoolBook.Poll poll : pool.polls()) {
            if ((poll.waiting() && poll.until() < now) || (poll.leased() && poll.until() + LEASE_GRACE_MS < now)) {
                forget(pool, poll, now, out);
            }
        }
    }
}
