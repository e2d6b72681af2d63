package io.taskcast.kafka.bench.load.publish;

import io.taskcast.kafka.bench.load.TaskcastHttp;
import io.taskcast.kafka.bench.load.Latencies;
import io.taskcast.kafka.bench.load.LoadTarget;
import io.taskcast.kafka.bench.load.Pacer;
import io.taskcast.kafka.bench.load.RunOptions;
import io.taskcast.kafka.testkit.ServerProcess;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One running task and an open-loop publisher: single events due at a fixed rate, sent
 * asynchronously with at most {@code inFlight} unanswered at once (a due request waits for a free
 * slot, and that wait counts in its latency, which runs from its due time).
 */
final class OpenLoopRun {

    /** The measured window (rate: events answered 201 within it); the task and its acknowledged events over the run. */
    record Result(double eventsPerSecond, Latencies.Summary latency, long windowErrors, long errors,
                  String firstError, double cpuPercent, double rssMib, String taskId, long acknowledged) {
    }

    private final LoadTarget target;
    private final double rate;
    private final int inFlight;
    private final Latencies latencies = new Latencies();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder acknowledgedInWindow = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder errorsInWindow = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    OpenLoopRun(LoadTarget target, double rate, int inFlight) {
        this.target = target;
        this.rate = rate;
        this.inFlight = inFlight;
    }

    Result run(RunOptions run) throws IOException, InterruptedException {
        TaskcastHttp http = new TaskcastHttp(target.baseUrl());
        String taskId = http.createRunningTask("bench.in-flight");
        Semaphore slots = new Semaphore(inFlight);
        Pacer pacer = new Pacer(System.nanoTime(), rate);
        long windowStart = pacer.startNanos() + run.warmup.toNanos();
        long windowEnd = windowStart + run.duration.toNanos();
        ServerProcess server = target.server();
        boolean windowOpen = false;
        for (long i = 0; pacer.dueNanos(i) < windowEnd; i++) {
            long due = pacer.dueNanos(i);
            if (!windowOpen && due >= windowStart && server != null) {
                server.startWindow();
                windowOpen = true;
            }
            Pacer.awaitDue(due);
            slots.acquire();
            boolean measured = due >= windowStart;
            http.client().sendAsync(http.publishRequest(taskId, EventBodies.single(i)), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        answered(due, measured, inWindow(System.nanoTime(), windowStart, windowEnd),
                                response == null ? -1 : response.statusCode(), failure);
                        slots.release();
                    });
        }
        double cpu = server == null ? -1 : server.cpuPercent();
        double rss = server == null ? -1 : server.rssMib();
        if (!slots.tryAcquire(inFlight, TaskcastHttp.TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
            throw new IOException("requests still unanswered after the run");
        }
        return new Result(acknowledgedInWindow.sum() / (run.duration.toNanos() / 1e9), latencies.summary(),
                errorsInWindow.sum(), errors.sum(), firstError.get(), cpu, rss, taskId, acknowledged.sum());
    }

    private static boolean inWindow(long nanos, long windowStart, long windowEnd) {
        return nanos - windowStart >= 0 && nanos - windowEnd < 0;
    }

    /** {@code measured}: due in the window (its latency counts); {@code answeredInWindow}: counts in the rate. */
    private void answered(long due, boolean measured, boolean answeredInWindow, int status, Throwable failure) {
        if (measured) {
            latencies.recordNanos(System.nanoTime() - due);
        }
        if (status == 201) {
            acknowledged.increment();
            if (answeredInWindow) {
                acknowledgedInWindow.increment();
            }
            return;
        }
        errors.increment();
        if (measured) {
            errorsInWindow.increment();
        }
        firstError.compareAndSet(null, failure != null ? failure.toString() : "answered " + status);
    }
}
