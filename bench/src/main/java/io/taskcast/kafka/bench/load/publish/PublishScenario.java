package io.taskcast.kafka.bench.load.publish;

import io.taskcast.kafka.bench.load.TaskcastHttp;
import io.taskcast.kafka.bench.load.LoadTarget;
import io.taskcast.kafka.bench.load.RunOptions;
import io.taskcast.kafka.bench.load.TargetOptions;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The closed-loop publish scenarios end to end: start or reach the system, run, check, print. */
final class PublishScenario {

    private PublishScenario() {
    }

    static int run(String name, TargetOptions targetOptions, RunOptions run, int connections, int batch,
                   Optional<Target> goal) throws Exception {
        if (connections < 1 || batch < 1) {
            throw new IllegalArgumentException("--connections and --batch must be at least 1");
        }
        try (LoadTarget target = targetOptions.open()) {
            ClosedLoopRun.Result result = new ClosedLoopRun(target, connections, batch).run(run);
            List<String> history = new HistoryVerifier(new TaskcastHttp(target.baseUrl()))
                    .verify(result.acknowledgedByTask());
            long events = result.acknowledgedByTask().values().stream().mapToLong(Long::longValue).sum();
            String settings = String.format(Locale.ROOT, "%d connections%s, %s", connections,
                    batch == 1 ? "" : ", batch " + batch, seconds(run));
            return ScenarioOutcome.print(System.out,
                    ScenarioOutcome.row(name, settings, result.eventsPerSecond(), result.latency(), result.windowErrors(),
                            result.cpuPercent(), result.rssMib(), goal),
                    ScenarioOutcome.problems(result.errors(), result.firstError(), history),
                    String.format(Locale.ROOT, "every request answered 201; %d tasks hold all %,d acknowledged events"
                            + " once, indexes contiguous", connections, events));
        }
    }

    static String seconds(RunOptions run) {
        return run.duration.toSeconds() + " s";
    }
}
