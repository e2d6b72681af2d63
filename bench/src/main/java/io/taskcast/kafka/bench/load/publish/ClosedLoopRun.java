package io.taskcast.kafka.bench.load.publish;

import io.taskcast.kafka.bench.load.TaskcastHttp;
import io.taskcast.kafka.bench.load.Latencies;
import io.taskcast.kafka.bench.load.LoadTarget;
import io.taskcast.kafka.bench.load.RunOptions;
import io.taskcast.kafka.testkit.ServerProcess;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * N publishers, each a thread with its own HTTP/1.1 client (one keep-alive connection), sending
 * the next request as soon as the last is answered, round-robin over N running tasks; measures
 * after a warm-up. A request is a single event or an array of {@code eventsPerRequest}.
 */
final class ClosedLoopRun {

    /** What was measured over the window, and what every task was acknowledged over the whole run. */
    record Result(double eventsPerSecond, Latencies.Summary latency, long windowErrors, long errors,
                  String firstError, double cpuPercent, double rssMib, Map<String, Long> acknowledgedByTask) {
    }

    private final LoadTarget target;
    private final int connections;
    private final int eventsPerRequest;
    private final Latencies latencies = new Latencies();
    private final LongAdder events = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile boolean stopping;

    ClosedLoopRun(LoadTarget target, int connections, int eventsPerRequest) {
        this.target = target;
        this.connections = connections;
        this.eventsPerRequest = eventsPerRequest;
    }

    Result run(RunOptions run) throws IOException, InterruptedException {
        List<String> tasks = new ArrayList<>();
        TaskcastHttp setup = new TaskcastHttp(target.baseUrl());
        for (int i = 0; i < connections; i++) {
            tasks.add(setup.createRunningTask("bench.publish"));
        }
        List<AtomicLong> sent = new ArrayList<>();
        List<AtomicLong> acknowledged = new ArrayList<>();
        tasks.forEach(t -> {
            sent.add(new AtomicLong());
            acknowledged.add(new AtomicLong());
        });
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            int worker = w;
            Thread thread = new Thread(() -> publishLoop(worker, tasks, sent, acknowledged), "bench-publisher-" + w);
            thread.start();
            workers.add(thread);
        }
        Result result = measure(run, acknowledged, tasks);
        stopping = true;
        for (Thread worker : workers) {
            worker.join();
        }
        Map<String, Long> byTask = new LinkedHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            byTask.put(tasks.get(i), acknowledged.get(i).get());
        }
        return new Result(result.eventsPerSecond(), result.latency(), result.windowErrors(), errors.sum(),
                firstError.get(), result.cpuPercent(), result.rssMib(), byTask);
    }

    private Result measure(RunOptions run, List<AtomicLong> acknowledged, List<String> tasks) throws InterruptedException {
        Thread.sleep(run.warmup.toMillis());
        ServerProcess server = target.server();
        latencies.reset();
        long eventsBefore = events.sum();
        long errorsBefore = errors.sum();
        if (server != null) {
            server.startWindow();
        }
        long start = System.nanoTime();
        Thread.sleep(run.duration.toMillis());
        long eventsInWindow = events.sum() - eventsBefore;
        long errorsInWindow = errors.sum() - errorsBefore;
        double seconds = (System.nanoTime() - start) / 1e9;
        Latencies.Summary latency = latencies.summary();
        double cpu = server == null ? -1 : server.cpuPercent();
        double rss = server == null ? -1 : server.rssMib();
        return new Result(eventsInWindow / seconds, latency, errorsInWindow, 0, null, cpu, rss, Map.of());
    }

    private void publishLoop(int worker, List<String> tasks, List<AtomicLong> sent, List<AtomicLong> acknowledged) {
        TaskcastHttp http = new TaskcastHttp(target.baseUrl());
        for (long k = 0; !stopping; k++) {
            int task = (int) ((worker + k) % tasks.size());
            long seq = sent.get(task).getAndAdd(eventsPerRequest);
            String body = eventsPerRequest == 1 ? EventBodies.single(seq) : EventBodies.batch(seq, eventsPerRequest);
            long begin = System.nanoTime();
            try {
                int status = http.publish(tasks.get(task), body);
                latencies.recordNanos(System.nanoTime() - begin);
                if (status == 201) {
                    acknowledged.get(task).addAndGet(eventsPerRequest);
                    events.add(eventsPerRequest);
                } else {
                    error("answered " + status);
                }
            } catch (IOException e) {
                error(e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void error(String what) {
        errors.increment();
        firstError.compareAndSet(null, what);
    }
}
