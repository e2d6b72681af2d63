package io.taskcast.kafka.bench.load.throughput;

import io.taskcast.kafka.bench.load.LoadReport;

import java.io.PrintStream;

/** Prints a closed-loop result as a table row, followed by FAILED and the reason when the run was invalid. */
final class Rows {

    private Rows() {
    }

    static void print(PrintStream out, String scenario, String settings, ClosedLoop.Result result,
                      String target, Boolean met) {
        boolean valid = result.problem() == null;
        new LoadReport(scenario, settings, result.rate(), result.latency(), result.errors(), result.serverCpuPercent(),
                result.serverRssMib(),
                target, target == null ? null : valid && Boolean.TRUE.equals(met)).print(out);
        if (!valid) {
            out.println("FAILED: " + scenario + " (" + settings + "): " + result.problem());
        }
    }
}
