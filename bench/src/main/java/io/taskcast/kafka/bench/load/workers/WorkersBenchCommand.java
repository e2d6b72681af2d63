package io.taskcast.kafka.bench.load.workers;

import io.taskcast.kafka.bench.load.Latencies;
import io.taskcast.kafka.bench.load.LoadReport;
import io.taskcast.kafka.bench.load.LoadTarget;
import io.taskcast.kafka.bench.load.TargetOptions;
import io.taskcast.kafka.bench.load.TaskcastHttp;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.testkit.ServerProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code taskcast bench workers} (issue 20): workers waiting in {@code GET /workers/pull} and pull
 * tasks created for them. Two rows: the latency from a task's create request to the moment a
 * waiting worker holds it, at a modest rate; and the assignments per second when tasks are created
 * as fast as the system takes them. Every task must be held by exactly one worker.
 */
@Command(name = "workers", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Workers long-polling for pull tasks: created-to-claimed latency, then assignments/s;"
                + " each task checked to go to exactly one worker."})
public final class WorkersBenchCommand implements Callable<Integer> {

    private static final double TARGET_P99_MS = 20;
    private static final double TARGET_RATE = 1_000;
    private static final Duration POLL = Duration.ofSeconds(30);

    @Option(names = "--workers", defaultValue = "100", description = "Workers polling (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--latency-tasks", defaultValue = "1000",
            description = "Tasks created one at a time for the latency row (default ${DEFAULT-VALUE}).")
    int latencyTasks;

    @Option(names = "--rate", defaultValue = "50",
            description = "Tasks per second for the latency row (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--tasks", defaultValue = "10000",
            description = "Tasks created as fast as possible for the throughput row (default ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--concurrency", defaultValue = "64",
            description = "Creates in flight in the throughput row (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--warmup-tasks", defaultValue = "500", description = "Unmeasured tasks first (default ${DEFAULT-VALUE}).")
    int warmupTasks;

    @Mixin
    TargetOptions target;

    /** Per task: when its create was sent (nanos), or -1 once a worker was given it. */
    private final Map<String, Long> created = new ConcurrentHashMap<>();
    private final AtomicLong claims = new AtomicLong();
    private final AtomicLong doubles = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong lastClaim = new AtomicLong();
    private volatile Latencies latencies = new Latencies();
    private final AtomicBoolean stopping = new AtomicBoolean();

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream log = System.err;
        String type = "bench-workers-" + UUID.randomUUID().toString().substring(0, 8);
        try (LoadTarget system = target.open(List.of("TASKCAST_WORKERS_ENABLED=true"))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            for (int i = 0; i < workers; i++) {
                poll(client, system.baseUrl(), "bench-worker-" + i, type);
            }
            Thread.sleep(2_000);
            log.printf("%d workers polling; warm-up: %d tasks%n", workers, warmupTasks);
            paced(client, system.baseUrl(), type, warmupTasks);
            awaitClaims(warmupTasks, log);

            latencies = new Latencies();
            ServerProcess server = system.server();
            startWindow(server);
            long start = System.nanoTime();
            paced(client, system.baseUrl(), type, latencyTasks);
            awaitClaims(warmupTasks + latencyTasks, log);
            LoadReport latencyRow = report("workers-latency", String.format(Locale.ROOT,
                    "%d workers, %.0f tasks/s paced", workers, rate), latencyTasks, start, server,
                    String.format(Locale.ROOT, "p99 ≤ %.0f ms", TARGET_P99_MS), summary -> summary.p99() <= TARGET_P99_MS);

            latencies = new Latencies();
            startWindow(server);
            start = System.nanoTime();
            flood(client, system.baseUrl(), type, tasks);
            awaitClaims(warmupTasks + latencyTasks + tasks, log);
            double perSecond = tasks / ((lastClaim.get() - start) / 1e9);
            LoadReport rateRow = new LoadReport("workers-rate", String.format(Locale.ROOT,
                    "%d workers, %d creates in flight", workers, concurrency), perSecond, latencies.summary(),
                    errors.get() + doubles.get(), cpu(server), rss(server),
                    String.format(Locale.ROOT, "≥ %,.0f/s", TARGET_RATE), perSecond >= TARGET_RATE);
            stopping.set(true);

            LoadReport.printMachine(out);
            out.println();
            LoadReport.printHeader(out);
            latencyRow.print(out);
            rateRow.print(out);
            long unclaimed = created.values().stream().filter(t -> t >= 0).count();
            out.printf(Locale.ROOT, "check: %d tasks, %d given to a worker, %d given twice, %d never given, %d errors%n",
                    created.size(), claims.get(), doubles.get(), unclaimed, errors.get());
            return doubles.get() == 0 && unclaimed == 0 && errors.get() == 0 ? 0 : 1;
        }
    }

    private LoadReport report(String scenario, String settings, int count, long start, ServerProcess server,
                              String target, java.util.function.Predicate<Latencies.Summary> met) {
        Latencies.Summary summary = latencies.summary();
        double perSecond = count / ((lastClaim.get() - start) / 1e9);
        return new LoadReport(scenario, settings, perSecond, summary, errors.get() + doubles.get(), cpu(server),
                rss(server), target, met.test(summary));
    }

    /** One worker's loop: poll, take what it is given, poll again, until the run ends. */
    private void poll(HttpClient client, URI base, String workerId, String type) {
        if (stopping.get()) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/workers/pull?workerId=" + workerId
                + "&capacity=1000000&taskTypes=" + type + "&timeout=" + POLL.toMillis()))
                .timeout(POLL.plusSeconds(30)).GET().build();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            long now = System.nanoTime();
            if (error != null || (response.statusCode() != 200 && response.statusCode() != 204)) {
                if (!stopping.get()) {
                    errors.incrementAndGet();
                }
            } else if (response.statusCode() == 200) {
                claimed(Json.mapper().readTree(response.body()).path("id").asString(), now);
            }
            poll(client, base, workerId, type);
        });
    }

    private void claimed(String taskId, long now) {
        Long sent = created.put(taskId, -1L);
        if (sent == null || sent < 0) {
            doubles.incrementAndGet();
            return;
        }
        latencies.recordNanos(now - sent);
        claims.incrementAndGet();
        lastClaim.accumulateAndGet(now, Math::max);
    }

    /** Creates {@code count} tasks at {@link #rate} per second, each sent when due. */
    private void paced(HttpClient client, URI base, String type, int count) throws InterruptedException {
        long interval = (long) (1e9 / rate);
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            create(client, base, type, null);
            next += interval;
        }
    }

    /** Creates {@code count} tasks with {@link #concurrency} creates in flight. */
    private void flood(HttpClient client, URI base, String type, int count) throws InterruptedException {
        Semaphore inFlight = new Semaphore(concurrency);
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            create(client, base, type, inFlight);
        }
        inFlight.acquire(concurrency);
    }

    private void create(HttpClient client, URI base, String type, Semaphore inFlight) {
        String id = "bench-pull-" + UUID.randomUUID();
        String body = "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"assignMode\":\"pull\"}";
        created.put(id, System.nanoTime());
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/tasks")).timeout(TaskcastHttp.TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null || response.statusCode() != 201) {
                errors.incrementAndGet();
            }
            if (inFlight != null) {
                inFlight.release();
            }
        });
    }

    private void awaitClaims(long expected, PrintStream log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (claims.get() + doubles.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (claims.get() < expected) {
            log.printf("only %d of %d tasks were given to a worker within 120 s%n", claims.get(), expected);
        }
    }

    private static void startWindow(ServerProcess server) {
        if (server != null) {
            server.startWindow();
        }
    }

    private static double cpu(ServerProcess server) {
        return server == null ? -1 : server.cpuPercent();
    }

    private static double rss(ServerProcess server) {
        return server == null ? -1 : server.rssMib();
    }
}
