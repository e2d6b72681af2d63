package io.taskcast.kafka.bench.load.sse;

import io.taskcast.kafka.bench.load.DurationConverter;
import io.taskcast.kafka.bench.load.Latencies;
import io.taskcast.kafka.bench.load.LoadReport;
import io.taskcast.kafka.bench.load.LoadTarget;
import io.taskcast.kafka.bench.load.RunOptions;
import io.taskcast.kafka.testkit.ServerProcess;
import io.taskcast.kafka.bench.load.TargetOptions;
import io.taskcast.kafka.bench.load.TaskcastHttp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code taskcast bench soak} (issue 9): publishers and SSE subscribers run for a long time in
 * rounds; each round creates fresh tasks, connects every subscriber, publishes at the rate,
 * completes the tasks and checks every delivery, then samples the server: heap after a full GC,
 * threads, open file descriptors, RSS. The verdict compares the last round with the lowest of the
 * rounds after the first (the first warms caches and JIT): flat, or GROWING with the figures.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Long run in rounds of fresh tasks, subscribers and events, every delivery checked;"
                + " heap after GC, threads and file descriptors of the server sampled after each round."})
public final class SoakBenchCommand implements Callable<Integer> {

    @Option(names = "--duration", defaultValue = "30m", converter = DurationConverter.class,
            description = "Total time (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--round", defaultValue = "60s", converter = DurationConverter.class,
            description = "Publishing time of one round (default ${DEFAULT-VALUE}).")
    Duration round;

    @Option(names = "--rate", defaultValue = "1000", description = "Events per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--subscribers", defaultValue = "1000", description = "SSE connections per round (default ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--tasks", defaultValue = "10", description = "Tasks per round, subscribers spread evenly (default ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--heap-slack-mib", defaultValue = "32",
            description = "Heap growth, after GC, still called flat (default ${DEFAULT-VALUE} MiB).")
    double heapSlackMib;

    @Option(names = "--thread-slack", defaultValue = "4", description = "Thread growth still called flat (default ${DEFAULT-VALUE}).")
    int threadSlack;

    @Option(names = "--fd-slack", defaultValue = "32", description = "File descriptor growth still called flat (default ${DEFAULT-VALUE}).")
    int fdSlack;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream log = System.err;
        try (LoadTarget system = target.open()) {
            ServerProcess server = system.server();
            if (server == null) {
                out.println("FAILED: the soak samples the server's heap, threads and descriptors: start it from the"
                        + " bench (no --url) or give its --pid");
                return 1;
            }
            TaskcastHttp http = new TaskcastHttp(system.baseUrl());
            int rounds = (int) Math.max(2, duration.toMillis() / Math.max(1, round.toMillis()));
            List<Sample> samples = new ArrayList<>();
            LoadReport.printMachine(out);
            out.printf(Locale.ROOT, "soak: %d rounds of %s, %.0f events/s over %d tasks, %d subscribers%n", rounds,
                    round, rate, tasks, subscribers);
            out.println("| round | minute | events | rate/s | p99 ms | heap after GC MiB | threads | fds | RSS MiB |");
            out.println("|---|---|---|---|---|---|---|---|---|");
            long start = System.nanoTime();
            for (int r = 1; r <= rounds; r++) {
                RoundResult result = runRound(http, system, log);
                Sample sample = Sample.of(server);
                samples.add(sample);
                out.printf(Locale.ROOT, "| %d | %.1f | %,d | %.0f | %.1f | %.1f | %d | %d | %.0f |%n", r,
                        (System.nanoTime() - start) / 60e9, result.events(), result.rate(), result.p99Ms(),
                        sample.heapMib(), sample.threads(), sample.descriptors(), sample.rssMib());
                out.flush();
            }
            return verdict(out, samples) ? 0 : 1;
        } catch (BenchFailure | IllegalStateException | UncheckedIOException e) {
            out.println("FAILED: " + e.getMessage());
            return 1;
        }
    }

    private RoundResult runRound(TaskcastHttp http, LoadTarget system, PrintStream log) {
        try (SubscriberFleet fleet = new SubscriberFleet()) {
            List<String> ids = TaskSetup.createRunning(http, tasks, log);
            Latencies latencies = new Latencies();
            MeasureWindow window = new MeasureWindow(latencies);
            List<String> perConnection = TaskSetup.spread(ids, subscribers);
            fleet.open(SseSubscriber.client(system.baseUrl()), perConnection, window, 200, Duration.ofSeconds(120), log);
            RunOptions run = new RunOptions();
            run.warmup = Duration.ZERO;
            run.duration = round;
            RoundRobinPublisher.Result published = new RoundRobinPublisher(http, ids, rate, run)
                    .publish(window, system.server());
            TaskSetup.complete(http, ids, log);
            fleet.awaitEnded(Duration.ofSeconds(120));
            fleet.verify(published.eventsByTask(ids), "completed");
            Latencies.Summary latency = latencies.summary();
            return new RoundResult(published.events(), published.rate(), latency.count() == 0 ? -1 : latency.p99());
        }
    }

    /** Flat when the last round is within the slack of the lowest round after the first. */
    private boolean verdict(PrintStream out, List<Sample> samples) {
        List<Sample> settled = samples.subList(1, samples.size());
        Sample last = samples.get(samples.size() - 1);
        double heapBase = settled.stream().mapToDouble(Sample::heapMib).min().orElseThrow();
        long threadBase = settled.stream().mapToLong(Sample::threads).min().orElseThrow();
        long fdBase = settled.stream().mapToLong(Sample::descriptors).min().orElseThrow();
        boolean heapFlat = last.heapMib() <= heapBase + heapSlackMib;
        boolean threadsFlat = last.threads() <= threadBase + threadSlack;
        boolean fdsFlat = last.descriptors() <= fdBase + fdSlack;
        out.printf(Locale.ROOT, "heap after GC: lowest %.1f MiB, last %.1f MiB → %s (slack %.0f MiB)%n", heapBase,
                last.heapMib(), heapFlat ? "flat" : "GROWING", heapSlackMib);
        out.printf(Locale.ROOT, "threads: lowest %d, last %d → %s (slack %d)%n", threadBase, last.threads(),
                threadsFlat ? "flat" : "GROWING", threadSlack);
        out.printf(Locale.ROOT, "file descriptors: lowest %d, last %d → %s (slack %d)%n", fdBase, last.descriptors(),
                fdsFlat ? "flat" : "GROWING", fdSlack);
        out.println("errors: none (every round's deliveries checked: each subscriber got every event of its task"
                + " once, in order, then taskcast.done)");
        return heapFlat && threadsFlat && fdsFlat;
    }

    private record RoundResult(long events, double rate, double p99Ms) {
    }

    /** The server after a round: heap in use after a full GC, threads, open descriptors, resident memory. */
    private record Sample(double heapMib, long threads, long descriptors, double rssMib) {
        static Sample of(ServerProcess server) {
            return new Sample(server.heapUsedAfterGcKib() / 1024.0, server.threads(), server.openDescriptors(),
                    server.rssMib());
        }
    }
}
