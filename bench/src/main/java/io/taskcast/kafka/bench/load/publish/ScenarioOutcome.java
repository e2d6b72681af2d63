package io.taskcast.kafka.bench.load.publish;

import io.taskcast.kafka.bench.load.Latencies;
import io.taskcast.kafka.bench.load.LoadReport;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Prints a scenario's row and its check, and gives the exit code: 1 when any check failed. */
final class ScenarioOutcome {

    private ScenarioOutcome() {
    }

    static LoadReport row(String scenario, String settings, double rate, Latencies.Summary latency, long errors,
                          double cpu, double rss, Optional<Target> target) {
        return new LoadReport(scenario, settings, rate, latency, errors, cpu, rss,
                target.map(Target::text).orElse(null), target.map(t -> t.met(rate, latency.p50(), latency.p99())).orElse(null));
    }

    /** The problems of a run: errors first, then what the history check found. */
    static List<String> problems(long errors, String firstError, List<String> historyProblems) {
        List<String> problems = new ArrayList<>();
        if (errors > 0) {
            problems.add(errors + " request(s) not answered 201, the first: " + firstError);
        }
        problems.addAll(historyProblems);
        return problems;
    }

    static int print(PrintStream out, LoadReport row, List<String> problems, String verified) {
        LoadReport.printMachine(out);
        out.println();
        LoadReport.printHeader(out);
        row.print(out);
        out.println();
        if (problems.isEmpty()) {
            out.println("check: ok — " + verified);
            return 0;
        }
        out.println("FAILED:");
        problems.forEach(p -> out.println("  " + p));
        return 1;
    }
}
