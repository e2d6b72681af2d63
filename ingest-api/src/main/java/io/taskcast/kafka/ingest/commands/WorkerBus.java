package io.taskcast.kafka.ingest.commands;

import com.github.f4b6a3.ulid.UlidCreator;
import io.taskcast.kafka.platform.replies.LocalReplies;
import io.taskcast.kafka.platform.web.ApiException;
import io.taskcast.kafka.schemas.AssignMode;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.command.Accepted;
import io.taskcast.kafka.schemas.command.AssignTask;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CommandResult;
import io.taskcast.kafka.schemas.command.Leased;
import io.taskcast.kafka.schemas.topic.Headers;
import io.taskcast.kafka.schemas.worker.MatchRule;
import io.taskcast.kafka.schemas.worker.PoolMessage;
import io.taskcast.kafka.schemas.worker.WorkerMatching;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Schedulers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Workers' long polls (docs/workers.md). A poll writes a {@code wait} to {@code taskcast-workers}
 * with this instance's reply address. The pool stage answers it in one of two ways:
 * <ul>
 *   <li>it holds the worker's free slots for the poll and answers {@link Leased}, with the first
 *       pending task the worker can take set aside for it if there is one: this instance assigns
 *       it at once, or else the first pull task that it sees become pending ({@link PullTaskFeed})
 *       and that suits the worker, straight to the task stage (the fast path: no transaction of the
 *       pool stage on the way). The pool may set another task aside for the poll later (a
 *       {@code Leased} again), one no instance assigned in time;</li>
 *   <li>or, for a worker without a free slot, it keeps the wait and assigns it a task itself once
 *       slots come back (the task stage's {@code Accepted} reaches this instance).</li>
 * </ul>
 * The task stage refuses an assignment of a task that is no longer pending (another poll, here or
 * on another instance, had it first); the poll then waits on. A poll that ends without a task
 * (its timeout, or the worker hung up) writes {@code stop-waiting}, which gives its lease back or
 * sends a task assigned for it back to pending. A poll with an assignment on its way at its
 * deadline waits for that answer first, at most {@code answerWait}.
 */
public final class WorkerBus {

    private static final Logger log = LoggerFactory.getLogger(WorkerBus.class);
    /** A worker's answered waits told to the pool with its next wait, at most. */
    private static final int MAX_ANSWERED_HINTS = 100;

    private final Producer<String, PoolMessage> poolProducer;
    private final String poolTopic;
    private final Producer<String, Command> commandProducer;
    private final String commandsTopic;
    private final ReplyChannel replies;
    private final LocalReplies localReplies;
    private final Deserializer<CommandResult> results;
    private final Clock clock;
    private final Duration answerWait;
    private final byte[] replyTopic;
    private final byte[] replyPartition;

    private final Object lock = new Object();
    /** Leased polls of this instance, the oldest first: the first that a task suits gets it. */
    private final Map<String, Poll> leased = new LinkedHashMap<>();
    /** By worker: its polls answered here with a task since its last wait, told to the pool with its next. */
    private final Map<String, List<PoolMessage.Answered>> answeredSince = new HashMap<>();
    /**
     * @param answerWait how long a poll at its deadline waits for an assignment on its way
     */
    public WorkerBus(Producer<String, PoolMessage> poolProducer, String poolTopic,
                     Producer<String, Command> commandProducer, String commandsTopic, ReplyChannel replies,
                     LocalReplies localReplies, Deserializer<CommandResult> results, Clock clock, Duration answerWait) {
        this.poolProducer = poolProducer;
        this.poolTopic = poolTopic;
        this.commandProducer = commandProducer;
        this.commandsTopic = commandsTopic;
        this.replies = replies;
        this.localReplies = localReplies;
        this.results = results;
        this.clock = clock;
        this.answerWait = answerWait;
        this.replyTopic = replies.topic().getBytes(StandardCharsets.UTF_8);
        this.replyPartition = ByteBuffer.allocate(Integer.BYTES).putInt(replies.partition()).array();
    }

    /** One long poll. Guarded by {@link #lock}. */
    private final class Poll {
        final String id;
        final String workerId;
        final CompletableFuture<Optional<Task>> answer = new CompletableFuture<>();
        final long started = System.nanoTime();
        CompletableFuture<CommandResult> next;
        int lease;
        MatchRule rule;
        /** The task an assignment of this instance is on its way for. */
        String inFlight;
        /** A task the pool set aside for the poll while an assignment was on its way: the next to try. */
        String offered;
        /** Past its deadline, or its worker hung up: it takes no new task. */
        boolean ending;
        boolean workerGone;
        boolean done;

        Poll(String id, String workerId) {
            this.id = id;
            this.workerId = workerId;
        }
    }

    /**
     * Waits up to {@code timeout} for a task assigned to the worker.
     *
     * @param weight   the worker's weight from now on, or null to keep it
     * @param capacity the worker's capacity from now on, or null to keep it
     * @param rule     the tasks the worker takes from now on, or null to keep its rule (any task for a new one)
     * @return the task assigned, or empty when none came in time
     */
    public Mono<Optional<Task>> pull(String workerId, Integer weight, Integer capacity, MatchRule rule,
                                     Duration timeout) {
        return Mono.defer(() -> {
            Poll poll = new Poll("poll-" + UlidCreator.getMonotonicUlid(), workerId);
            synchronized (lock) {
                awaitNext(poll);
            }
            long until = clock.millis() + timeout.toMillis();
            List<PoolMessage.Answered> answered;
            synchronized (lock) {
                List<PoolMessage.Answered> since = answeredSince.remove(workerId);
                answered = since == null ? List.of() : since;
            }
            sendToPool(new PoolMessage.Wait(workerId, poll.id, until, weight, capacity, rule, true, answered), true);
            Disposable deadline = Schedulers.parallel().schedule(() -> deadline(poll), timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            return Mono.fromFuture(poll.answer, true).doFinally(signal -> {
                deadline.dispose();
                if (signal == SignalType.CANCEL) {
                    workerGone(poll);
                }
            });
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** A task snapshot from {@link PullTaskFeed}: a pull task that became pending goes to a leased poll. */
    void taskSeen(Task task) {
        if (task.assignMode() != AssignMode.PULL) {
            return;
        }
        synchronized (lock) {
            if (task.status() != TaskStatus.PENDING) {
                return;
            }
            for (Poll poll : leased.values()) {
                if (fits(poll, task)) {
                    assign(poll, task.id());
                    return;
                }
            }
        }
    }

    /** The next answer for the poll, from the results topic or handed over in memory. Under the lock. */
    private void awaitNext(Poll poll) {
        CompletableFuture<CommandResult> next = replies.await(poll.id);
        Runnable stopLocal = localReplies.await(poll.id, bytes -> Schedulers.parallel().schedule(
                () -> replies.complete(poll.id, results.deserialize(replies.topic(), bytes))));
        poll.next = next;
        next.whenComplete((result, error) -> {
            stopLocal.run();
            if (result != null) {
                answered(poll, result);
            }
        });
    }

    private void answered(Poll poll, CommandResult result) {
        if (log.isDebugEnabled()) {
            log.debug("Poll {} of worker {}: {} after {} ms", poll.id, poll.workerId, result.getClass().getSimpleName(),
                    (System.nanoTime() - poll.started) / 1_000_000);
        }
        synchronized (lock) {
            if (poll.done) {
                return;
            }
            if (result instanceof Accepted accepted) {
                if (poll.workerGone) {
                    // Assigned, but nobody hears of it: the pool sends it back.
                    end(poll);
                } else {
                    Task task = accepted.task();
                    if (leased.containsKey(poll.id)) {
                        long version = accepted.events().isEmpty() ? -1
                                : accepted.events().get(accepted.events().size() - 1).index();
                        List<PoolMessage.Answered> since = answeredSince.computeIfAbsent(poll.workerId,
                                w -> new ArrayList<>());
                        if (since.size() < MAX_ANSWERED_HINTS) {
                            // Beyond it (a worker that stopped waiting) the task stage's news settles them.
                            since.add(new PoolMessage.Answered(poll.id, task.id(), WorkerMatching.cost(task),
                                    task.disconnectPolicy(), version));
                        }
                    }
                    finish(poll, Optional.of(task));
                }
                return;
            }
            awaitNext(poll);
            if (result instanceof Leased lease) {
                poll.lease = lease.slots();
                poll.rule = lease.matchRule();
                poll.offered = lease.offered();
                leased.put(poll.id, poll);
            } else {
                poll.inFlight = null; // refused: the task was no longer pending
            }
            if (poll.ending) {
                if (poll.inFlight == null) {
                    end(poll);
                }
            } else if (poll.inFlight == null && poll.offered != null) {
                String task = poll.offered;
                poll.offered = null;
                assign(poll, task);
            }
        }
    }

    private void deadline(Poll poll) {
        synchronized (lock) {
            if (poll.done) {
                return;
            }
            poll.ending = true;
            if (poll.inFlight == null) {
                end(poll);
                return;
            }
        }
        // An assignment is on its way: its answer decides, unless it does not come in time.
        Schedulers.parallel().schedule(() -> {
            synchronized (lock) {
                if (!poll.done) {
                    log.warn("No answer to the assignment of task {} for poll {} within {} ms; ending the poll",
                            poll.inFlight, poll.id, answerWait.toMillis());
                    end(poll);
                }
            }
        }, answerWait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void workerGone(Poll poll) {
        synchronized (lock) {
            if (poll.done) {
                return;
            }
            poll.ending = true;
            poll.workerGone = true;
            if (poll.inFlight == null) {
                end(poll);
            }
        }
    }

    /** Ends the poll without a task: the pool gives its lease back, or a task assigned for it. Under the lock. */
    private void end(Poll poll) {
        log.debug("Poll {} of worker {} ends without a task after {} ms", poll.id, poll.workerId,
                (System.nanoTime() - poll.started) / 1_000_000);
        poll.done = true;
        leased.remove(poll.id);
        poll.next.cancel(false);
        sendToPool(new PoolMessage.StopWaiting(poll.workerId, poll.id), false);
        poll.answer.complete(Optional.empty());
    }

    private void finish(Poll poll, Optional<Task> task) {
        poll.done = true;
        leased.remove(poll.id);
        poll.answer.complete(task);
    }

    private boolean fits(Poll poll, Task task) {
        return poll.inFlight == null && !poll.ending && poll.lease >= WorkerMatching.cost(task)
                && (poll.rule == null ? MatchRule.ANY : poll.rule).matches(task)
                && !WorkerMatching.blacklisted(task).contains(poll.workerId);
    }

    /** The fast path: straight to the task stage, answered to the poll's reply address. Under the lock. */
    private void assign(Poll poll, String taskId) {
        poll.inFlight = taskId;
        AssignTask command = new AssignTask(poll.id + "/" + taskId, taskId, poll.workerId, poll.id);
        try {
            commandProducer.send(new ProducerRecord<>(commandsTopic, null, taskId, command, replyHeaders(poll.id)),
                    (m, e) -> {
                        if (e != null) {
                            log.warn("Kafka did not take the assignment of task {} for poll {}: {}", taskId,
                                    poll.id, e.toString());
                        }
                    });
        } catch (KafkaException e) {
            log.warn("Kafka did not take the assignment of task {} for poll {}: {}", taskId, poll.id, e.toString());
        }
    }

    private RecordHeaders replyHeaders(String pollId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.CORRELATION_ID, pollId.getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.REPLY_TOPIC, replyTopic);
        headers.add(Headers.REPLY_PARTITION, replyPartition);
        return headers;
    }

    private void sendToPool(PoolMessage message, boolean withReplyAddress) {
        RecordHeaders headers = withReplyAddress && message instanceof PoolMessage.Wait wait
                ? replyHeaders(wait.pollId()) : new RecordHeaders();
        try {
            poolProducer.send(new ProducerRecord<>(poolTopic, null, PoolMessage.DEFAULT_POOL, message, headers),
                    (m, e) -> {
                        if (e != null) {
                            log.warn("Kafka did not take {} for the worker pool: {}",
                                    message.getClass().getSimpleName(), e.toString());
                        }
                    });
        } catch (KafkaException e) {
            throw new ApiException(503, "KAFKA_UNAVAILABLE",
                    "The command log (Kafka) is unavailable; the request was not accepted, retry later");
        }
    }
}
