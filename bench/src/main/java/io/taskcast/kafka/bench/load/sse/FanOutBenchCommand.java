package io.taskcast.kafka.bench.load.sse;

import io.taskcast.kafka.bench.load.TaskcastHttp;
import io.taskcast.kafka.bench.load.Latencies;
import io.taskcast.kafka.bench.load.LoadReport;
import io.taskcast.kafka.bench.load.LoadTarget;
import io.taskcast.kafka.bench.load.RunOptions;
import io.taskcast.kafka.testkit.ServerProcess;
import io.taskcast.kafka.bench.load.TargetOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code taskcast bench fan-out} (issue 8, scenario 4): many SSE subscribers on one running task,
 * one sequential publisher at a fixed rate; publish→receive latency from each event's due time,
 * and a check that every subscriber got every event once, in order, then done and the close.
 */
@Command(name = "fan-out", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"SSE subscribers on one task and a sequential publisher at a fixed rate:"
                + " publish-to-receive latency over all subscribers, and every delivery checked."})
public final class FanOutBenchCommand implements Callable<Integer> {

    private static final double TARGET_P99_MS = 15;

    @Option(names = "--subscribers", defaultValue = "100", description = "SSE connections (default ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--rate", defaultValue = "200", description = "Events published per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Mixin
    TargetOptions target;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream log = System.err;
        try (LoadTarget system = target.open(); SubscriberFleet fleet = new SubscriberFleet()) {
            TaskcastHttp http = new TaskcastHttp(system.baseUrl());
            String task = http.createRunningTask("bench");
            Latencies latencies = new Latencies();
            MeasureWindow window = new MeasureWindow(latencies);
            fleet.open(SseSubscriber.client(system.baseUrl()), Collections.nCopies(subscribers, task), window,
                    subscribers, Duration.ofSeconds(60), log);
            log.printf("%d subscribers connected; publishing %.0f events/s for %s + %s%n", subscribers, rate,
                    run.warmup, run.duration);
            Window measured = publish(http, task, window, system.server());
            http.transition(task, "completed");
            fleet.awaitEnded(Duration.ofSeconds(60));
            fleet.verify(t -> measured.events(), "completed");
            report(out, latencies.summary(), measured);
            return 0;
        } catch (BenchFailure | IllegalStateException | IOException e) {
            out.println("FAILED: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("FAILED: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Publishes in sequence, each event at its due time or, when the previous answer came late, as
     * soon after as it can, until the run's time is up. Each event carries the time its publish
     * started, so the latency is publish → receive; a publisher that cannot keep the rate shows as
     * a lower rate (and the target is then not met), not as a growing backlog.
     */
    private Window publish(TaskcastHttp http, String task, MeasureWindow window, ServerProcess server)
            throws IOException, InterruptedException {
        PublishSchedule schedule = new PublishSchedule(rate, run, window, server);
        for (long i = 0; schedule.more(i); i++) {
            schedule.awaitDue(i);
            http.publishOk(task, BenchEvents.body(i, schedule.sending(i)));
        }
        return new Window(schedule.sends(), schedule.scheduled(), schedule.measuredRate(),
                server == null ? -1 : server.cpuPercent(), server == null ? -1 : server.rssMib());
    }

    private void report(PrintStream out, Latencies.Summary latency, Window measured) {
        // No timed delivery, or a publisher short of the rate, is no result to call met.
        boolean met = latency.count() > 0 && latency.p99() <= TARGET_P99_MS && measured.rate() >= 0.95 * rate;
        LoadReport.printMachine(out);
        LoadReport.printHeader(out);
        new LoadReport("fan-out", String.format(Locale.ROOT, "%d subs, %.0f/s, 1 task", subscribers, rate),
                measured.rate(), latency, 0, measured.cpuPercent(), measured.rssMib(),
                String.format(Locale.ROOT, "%.0f/s held, p99 ≤ %.0f ms, 100%% delivered", rate, TARGET_P99_MS), met).print(out);
        out.printf(Locale.ROOT, "publisher: %,d of %,d scheduled events sent (sequential; %.0f/s asked)%n",
                measured.events(), measured.scheduled(), rate);
        out.printf(Locale.ROOT, "checked: %d subscribers × %,d events (%,d timed deliveries), each once, in order,"
                + " then taskcast.done and the close%n", subscribers, measured.events(), latency.count());
    }

    /** What the publisher did: events sent and scheduled, the measured rate, the server's CPU and RSS over the measured part. */
    private record Window(long events, long scheduled, double rate, double cpuPercent, double rssMib) {
    }
}
