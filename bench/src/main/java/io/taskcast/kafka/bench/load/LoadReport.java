package io.taskcast.kafka.bench.load;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * One line of the benchmark table: what ran, its rate, latency percentiles, errors, and the
 * server's CPU and memory over the measured window; with the scenario's target and whether the
 * figure meets it, so a reader never has to compare by hand.
 *
 * @param target e.g. {@code ≥ 4,500/s, p99 ≤ 10 ms}; null when the scenario has none
 * @param met    null when there is no target
 */
public record LoadReport(String scenario, String settings, double ratePerSecond, Latencies.Summary latency,
                         long errors, double serverCpuPercent, double serverRssMib, String target, Boolean met) {

    private static final String FORMAT = "%-14s %-34s %10s %8s %8s %8s %8s %7s %7s %8s  %s%n";

    public static void printHeader(PrintStream out) {
        out.printf(Locale.ROOT, FORMAT, "scenario", "settings", "rate/s", "p50 ms", "p90 ms", "p99 ms", "max ms",
                "errors", "cpu %", "rss MiB", "target");
    }

    public void print(PrintStream out) {
        out.printf(Locale.ROOT, FORMAT, scenario, settings, String.format(Locale.ROOT, "%,.0f", ratePerSecond),
                ms(latency.p50()), ms(latency.p90()), ms(latency.p99()), ms(latency.max()), errors,
                serverCpuPercent < 0 ? "?" : String.format(Locale.ROOT, "%.0f", serverCpuPercent),
                serverRssMib < 0 ? "?" : String.format(Locale.ROOT, "%.0f", serverRssMib),
                target == null ? "" : target + (met ? "  met" : "  NOT MET"));
    }

    /** The machine and its load, printed above every table. */
    public static void printMachine(PrintStream out) {
        Runtime runtime = Runtime.getRuntime();
        out.printf(Locale.ROOT, "machine: %d cores, %s %s, %s %s; load average %.2f%n", runtime.availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("os.name"), System.getProperty("os.arch"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
