package io.taskcast.kafka.bench.load.throughput;

import io.taskcast.kafka.bench.load.TaskcastHttp;
import io.taskcast.kafka.bench.load.LoadReport;
import io.taskcast.kafka.bench.load.LoadTarget;
import io.taskcast.kafka.bench.load.RunOptions;
import io.taskcast.kafka.bench.load.TargetOptions;
import io.taskcast.kafka.schemas.topic.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code taskcast bench direct}: the processor's own rate, without HTTP: publish commands produced
 * straight to the commands topic, measured to their events on the events topic (read_committed),
 * and compared with the raw Kafka rate of the same broker and producer settings.
 */
@Command(name = "direct", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Publish commands written straight to the commands topic, measured to their events on the",
                "events topic (closed loop); with --raw, the raw Kafka baseline first and the ratio to it."})
public final class DirectBenchCommand implements Callable<Integer> {

    private static final double TARGET_RATIO = 0.5;

    @Mixin
    TargetOptions target;

    @Mixin
    RunOptions run;

    @Option(names = "--tasks", defaultValue = "100", description = "Running tasks the commands go to, round-robin"
            + " (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--window", defaultValue = "2000",
            description = "Events in flight, sent but not yet on the events topic (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--events-per-command", defaultValue = "1",
            description = "Events in each publish command (default: ${DEFAULT-VALUE}).")
    int eventsPerCommand;

    @Option(names = "--linger-ms", defaultValue = "0",
            description = "linger.ms of the command producer, as the HTTP ingest uses (default: ${DEFAULT-VALUE}).")
    int lingerMs;

    @Option(names = "--pad", defaultValue = "150",
            description = "Characters of padding in each event's data (default: ${DEFAULT-VALUE}).")
    int pad;

    @Option(names = "--raw", description = "Measure the raw Kafka baseline first (the linger row matching --linger-ms"
            + " unless --variants says otherwise) and report the ratio to it.")
    boolean measureRaw;

    @Option(names = "--raw-rate", description = "A raw Kafka rate measured before, to report the ratio to it.")
    Double rawRate;

    @Mixin
    RawKafkaBenchCommand.RawKafkaOptions raw;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException, IOException {
        PrintStream out = System.out;
        LoadReport.printMachine(out);
        try (LoadTarget system = target.open()) {
            if (system.kafka() == null) {
                out.println("FAILED: the Kafka bootstrap servers are unknown; give --kafka with --url");
                return 1;
            }
            LoadReport.printHeader(out);
            Double baseline = rawRate;
            if (measureRaw) {
                if (!spec.commandLine().getParseResult().hasMatchedOption("--variants")) {
                    raw.variants = List.of("linger" + lingerMs);
                }
                List<RawKafkaBenchCommand.Measured> rows = raw.measureAll(system, run, out);
                if (!rows.stream().allMatch(RawKafkaBenchCommand.Measured::valid)) {
                    return 1;
                }
                RawKafkaBenchCommand.Measured same = RawKafkaBenchCommand.RawKafkaOptions.matching(rows, lingerMs);
                baseline = same != null ? same.rate() : baseline;
            }
            return measureDirect(system, baseline, out);
        }
    }

    private int measureDirect(LoadTarget system, Double baseline, PrintStream out)
            throws IOException, InterruptedException {
        Topics topics = Topics.withPrefix(raw.topicPrefix);
        List<String> ids = TaskcastHttp.benchIds("direct", tasks);
        new TaskcastHttp(system.baseUrl()).createRunning(ids, null);
        ClosedLoop.Result result = new DirectRun(system.kafka(), topics, ids, lingerMs, pad)
                .run(window, eventsPerCommand, run.warmup, run.duration, system.server());
        String settings = tasks + " tasks " + eventsPerCommand + "ev/cmd linger=" + lingerMs + " w" + window;
        String target = baseline == null ? null
                : String.format(Locale.ROOT, "≥ 50%% of raw %,.0f/s: %.0f%%", baseline, 100 * result.rate() / baseline);
        Rows.print(out, "direct", settings, result, target, baseline != null && result.rate() >= TARGET_RATIO * baseline);
        if (baseline == null) {
            out.println("(no raw Kafka rate: give --raw or --raw-rate for the ratio to the target)");
        }
        return result.problem() == null ? 0 : 1;
    }
}
