package io.taskcast.kafka.bench.load.publish;

import io.taskcast.kafka.bench.load.TaskcastHttp;
import io.taskcast.kafka.bench.load.LoadTarget;
import io.taskcast.kafka.bench.load.RunOptions;
import io.taskcast.kafka.bench.load.TargetOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code taskcast bench in-flight}: open-loop publishing to one task with several requests in flight. */
@Command(name = "in-flight", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Single events to one running task at a fixed rate, up to N requests in flight;"
                + " latency from each request's due time.",
                "Checks every request was answered 201 and the history holds every event once, indexes contiguous."})
public final class InFlightBenchCommand implements Callable<Integer> {

    @Option(names = "--rate", defaultValue = "200", description = "Events per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--in-flight", defaultValue = "16", description = "Requests in flight at most (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Mixin
    TargetOptions target;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        if (rate <= 0 || inFlight < 1) {
            throw new IllegalArgumentException("--rate must be positive and --in-flight at least 1");
        }
        try (LoadTarget system = target.open()) {
            OpenLoopRun.Result result = new OpenLoopRun(system, rate, inFlight).run(run);
            List<String> history = new HistoryVerifier(new TaskcastHttp(system.baseUrl()))
                    .verify(Map.of(result.taskId(), result.acknowledged()));
            String settings = String.format(Locale.ROOT, "%.0f/s, %d in flight, %s", rate, inFlight,
                    PublishScenario.seconds(run));
            return ScenarioOutcome.print(System.out,
                    ScenarioOutcome.row("in-flight", settings, result.eventsPerSecond(), result.latency(),
                            result.windowErrors(), result.cpuPercent(), result.rssMib(), Target.inFlight(rate, inFlight)),
                    ScenarioOutcome.problems(result.errors(), result.firstError(), history),
                    String.format(Locale.ROOT, "every request answered 201; the task holds all %,d events once,"
                            + " indexes contiguous", result.acknowledged()));
        }
    }
}
