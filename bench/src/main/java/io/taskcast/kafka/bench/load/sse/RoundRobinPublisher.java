package io.taskcast.kafka.bench.load.sse;

import io.taskcast.kafka.bench.load.TaskcastHttp;
import io.taskcast.kafka.bench.load.RunOptions;
import io.taskcast.kafka.testkit.ServerProcess;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.function.ToLongFunction;

/**
 * Publishes at a fixed rate, event {@code i} to task {@code i mod tasks}, without waiting for one
 * answer before the next send (a rate of 1,000/s cannot wait for each), but never two of one task
 * at once, so each task's events keep their order, and with at most {@link #IN_FLIGHT} open.
 */
final class RoundRobinPublisher {

    static final int IN_FLIGHT = 64;

    private final TaskcastHttp http;
    private final List<String> tasks;
    private final double rate;
    private final RunOptions run;

    RoundRobinPublisher(TaskcastHttp http, List<String> tasks, double rate, RunOptions run) {
        this.http = http;
        this.tasks = tasks;
        this.rate = rate;
        this.run = run;
    }

    /** What was published: events in all (each got its 201), the measured rate, the server over the measured part. */
    record Result(long events, int tasks, double rate, double cpuPercent, double rssMib) {
        /** Events published to the task at position {@code task}: event i went to task i mod tasks. */
        long eventsOf(int task) {
            return events / tasks + (task < events % tasks ? 1 : 0);
        }

        /** Events published to each task of {@code ids}, the list given to the publisher. */
        ToLongFunction<String> eventsByTask(List<String> ids) {
            Map<String, Integer> position = new HashMap<>();
            ids.forEach(id -> position.put(id, position.size()));
            return task -> eventsOf(position.get(task));
        }
    }

    /**
     * Each event is stamped with the time its publish is sent (its due time, or later when the
     * publisher is behind), so latency is publish → receive; a publisher that cannot keep the rate
     * stops when the run's time is up and shows as a lower rate, not as a growing backlog.
     */
    Result publish(MeasureWindow window, ServerProcess server) {
        PublishSchedule schedule = new PublishSchedule(rate, run, window, server);
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] last = new CompletableFuture[tasks.size()];
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        for (long i = 0; schedule.more(i); i++) {
            int task = (int) (i % tasks.size());
            schedule.awaitDue(i);
            if (last[task] != null) {
                join(last[task]);
            }
            acquire(inFlight);
            last[task] = http.publishAsync(tasks.get(task), BenchEvents.body(i / tasks.size(), schedule.sending(i)))
                    .whenComplete((ok, error) -> inFlight.release());
        }
        for (CompletableFuture<Void> publish : last) {
            if (publish != null) {
                join(publish);
            }
        }
        return new Result(schedule.sends(), tasks.size(), schedule.measuredRate(),
                server == null ? -1 : server.cpuPercent(), server == null ? -1 : server.rssMib());
    }

    private static void join(CompletableFuture<Void> publish) {
        try {
            publish.join();
        } catch (CompletionException e) {
            throw new BenchFailure("publish failed: " + e.getCause().getMessage());
        }
    }

    private static void acquire(Semaphore inFlight) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while publishing");
        }
    }
}
