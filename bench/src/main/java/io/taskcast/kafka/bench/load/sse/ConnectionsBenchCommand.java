package io.taskcast.kafka.bench.load.sse;

import io.taskcast.kafka.bench.load.TaskcastHttp;
import io.taskcast.kafka.bench.load.DurationConverter;
import io.taskcast.kafka.bench.load.Latencies;
import io.taskcast.kafka.bench.load.LoadReport;
import io.taskcast.kafka.bench.load.LoadTarget;
import io.taskcast.kafka.bench.load.RunOptions;
import io.taskcast.kafka.testkit.ServerProcess;
import io.taskcast.kafka.bench.load.TargetOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code taskcast bench connections} (issue 8, scenario 6): many idle SSE connections spread
 * evenly over many running tasks, then events published round-robin over the tasks at a fixed
 * rate; the server's memory per connection, delivery latency over all connections, and a check of
 * every connection's deliveries.
 */
@Command(name = "connections", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Idle SSE connections over many tasks, then events round-robin at a fixed rate:"
                + " server memory per connection, delivery latency, every delivery checked."})
public final class ConnectionsBenchCommand implements Callable<Integer> {

    /** Descriptors left for everything else: jars, sockets of the publisher, Kafka's log segments in dev mode. */
    private static final long SPARE_FILES = 2048;
    private static final double TARGET_P99_MS = 100;
    private static final double TARGET_KIB = 30;

    @Option(names = "--connections", defaultValue = "10000", description = "SSE connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--tasks", defaultValue = "1000", description = "Running tasks they watch (default ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--rate", defaultValue = "1000",
            description = "Events per second, round-robin over the tasks (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--connecting", defaultValue = "200",
            description = "Connections being opened at once (default ${DEFAULT-VALUE}).")
    int connecting;

    @Option(names = "--settle", defaultValue = "3s", converter = DurationConverter.class,
            description = "Pause before each RSS reading (default ${DEFAULT-VALUE}).")
    Duration settle;

    @Mixin
    TargetOptions target;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream log = System.err;
        try (LoadTarget system = target.open(); SubscriberFleet fleet = new SubscriberFleet()) {
            int open = fitToOpenFiles(system.server(), log);
            TaskcastHttp http = new TaskcastHttp(system.baseUrl());
            List<String> ids = TaskSetup.createRunning(http, tasks, log);
            double rssBefore = rss(system.server());
            Latencies latencies = new Latencies();
            MeasureWindow window = new MeasureWindow(latencies);
            List<String> perConnection = TaskSetup.spread(ids, open);
            fleet.open(SseSubscriber.client(system.baseUrl()), perConnection, window, connecting,
                    Duration.ofSeconds(120), log);
            double rssAfter = rss(system.server());
            log.printf("%,d connections open; publishing %.0f events/s for %s + %s%n", open, rate, run.warmup,
                    run.duration);
            RoundRobinPublisher.Result published = new RoundRobinPublisher(http, ids, rate, run)
                    .publish(window, system.server());
            TaskSetup.complete(http, ids, log);
            fleet.awaitEnded(Duration.ofSeconds(120));
            fleet.verify(published.eventsByTask(ids), "completed");
            report(out, open, latencies.summary(), published, rssBefore, rssAfter);
            return 0;
        } catch (BenchFailure | IllegalStateException | UncheckedIOException e) {
            out.println("FAILED: " + e.getMessage());
            return 1;
        }
    }

    /** The connections the open-file limits of this process and of the server allow, with a warning when fewer. */
    private int fitToOpenFiles(ServerProcess server, PrintStream log) {
        long own = OpenFiles.softLimit(ProcessHandle.current().pid());
        long theirs = server == null ? -1 : OpenFiles.softLimit(server.pid());
        log.printf("open-file limits: bench %s, server %s%n", own < 0 ? "?" : own, theirs < 0 ? "?" : theirs);
        long allowed = Long.MAX_VALUE;
        for (long limit : new long[]{own, theirs}) {
            if (limit >= 0) {
                allowed = Math.min(allowed, limit - SPARE_FILES);
            }
        }
        if (allowed < connections) {
            int scaled = (int) Math.max(allowed, tasks);
            log.printf("WARNING: the open-file limit allows about %d SSE connections, not %d: running %d"
                    + " (raise `ulimit -n` of the shell that starts the bench and the server)%n", allowed, connections, scaled);
            return scaled;
        }
        return connections;
    }

    private double rss(ServerProcess server) {
        try {
            Thread.sleep(settle.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted before reading the server's RSS");
        }
        return server == null ? -1 : server.rssMib();
    }

    private void report(PrintStream out, int open, Latencies.Summary latency, RoundRobinPublisher.Result published,
                        double rssBefore, double rssAfter) {
        boolean known = rssBefore >= 0 && rssAfter >= 0;
        double kib = known ? (rssAfter - rssBefore) * 1024 / open : -1;
        // No timed delivery, or a publisher short of the rate, is no result to call met.
        boolean met = latency.count() > 0 && published.rate() >= 0.95 * rate
                && latency.p99() <= TARGET_P99_MS && known && kib <= TARGET_KIB;
        LoadReport.printMachine(out);
        LoadReport.printHeader(out);
        new LoadReport("connections", String.format(Locale.ROOT, "%d conn, %d tasks, %.0f/s", open, tasks, rate),
                published.rate(), latency, 0, published.cpuPercent(), published.rssMib(),
                "p99 ≤ 100 ms, ≤ 30 KiB/conn", met).print(out);
        out.printf(Locale.ROOT, "memory: server RSS %.0f MiB before connecting, %.0f MiB with %,d connections open"
                + " → %s KiB per connection%n", rssBefore, rssAfter, open,
                known ? String.format(Locale.ROOT, "%.1f", kib) : "?");
        out.printf(Locale.ROOT, "checked: %,d connections, each got every event of its task (%,d events in all,"
                + " %,d timed deliveries) once, in order, then taskcast.done and the close%n", open,
                published.events(), latency.count());
    }
}
