package io.taskcast.kafka.webhook.worker;

import io.taskcast.kafka.webhook.DeliveryOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Runs deliveries when they are due, at most {@code perReceiver} at a time per receiver and each in
 * its own sender thread, so a slow or dead receiver only ever waits on itself: its queue grows,
 * everyone else's deliveries go on.
 */
final class DeliveryDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

    private final Function<DeliveryJob, DeliveryOutcome> attempt;
    private final BiConsumer<DeliveryJob, DeliveryOutcome> completion;
    private final int perReceiver;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final ExecutorService senders;
    private final Map<String, Receiver> receivers = new ConcurrentHashMap<>();

    DeliveryDispatcher(Function<DeliveryJob, DeliveryOutcome> attempt, BiConsumer<DeliveryJob, DeliveryOutcome> completion,
                       int perReceiver, int senderThreads, Clock clock) {
        this.attempt = attempt;
        this.completion = completion;
        this.perReceiver = perReceiver;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("taskcast-webhook-timer"));
        this.senders = Executors.newFixedThreadPool(senderThreads, daemon("taskcast-webhook-sender"));
    }

    /** Runs the job at its due time (at once when due already). */
    void submit(DeliveryJob job) {
        long wait = job.delivery().dueAt() - clock.millis();
        if (wait > 0) {
            timer.schedule(() -> enqueue(job), wait, TimeUnit.MILLISECONDS);
        } else {
            enqueue(job);
        }
    }

    private void enqueue(DeliveryJob job) {
        Receiver receiver = receivers.computeIfAbsent(job.receiver(), r -> new Receiver());
        synchronized (receiver) {
            receiver.queue.add(job);
        }
        drain(receiver);
    }

    private void drain(Receiver receiver) {
        while (true) {
            DeliveryJob next;
            synchronized (receiver) {
                if (receiver.inFlight >= perReceiver || receiver.queue.isEmpty()) {
                    return;
                }
                next = receiver.queue.poll();
                receiver.inFlight++;
            }
            try {
                senders.execute(() -> run(receiver, next));
            } catch (RejectedExecutionException e) {
                log.debug("Webhook dispatcher stopped; delivery {} stays uncommitted and is redelivered",
                        next.delivery().deliveryId());
                return;
            }
        }
    }

    private void run(Receiver receiver, DeliveryJob job) {
        try {
            completion.accept(job, attempt.apply(job));
        } catch (RuntimeException e) {
            // Left uncommitted: the record is delivered again after a restart.
            log.error("Webhook delivery {} could not be completed; it is retried after a restart",
                    job.delivery().deliveryId(), e);
        } finally {
            synchronized (receiver) {
                receiver.inFlight--;
            }
            drain(receiver);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        senders.shutdownNow();
        try {
            senders.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static final class Receiver {
        private final ArrayDeque<DeliveryJob> queue = new ArrayDeque<>();
        private int inFlight;
    }
}
