package io.taskcast.kafka.bench.load;

import io.taskcast.kafka.testkit.ServerProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code taskcast bench idle}: what a server costs while nobody uses it. A server that polls,
 * heartbeats and ticks when idle burns a share of a core on every machine it runs on, forever.
 */
@Command(name = "idle", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"CPU of a server with no traffic: after --settle, its CPU time over --duration, as a share of one core."})
public final class IdleBenchCommand implements Callable<Integer> {

    /** The target: an idle server uses at most this share of one core. */
    static final double TARGET_PERCENT = 3.0;
    private static final String FORMAT = "%-14s %-34s %7s %8s  %s%n";

    @Option(names = "--settle", converter = DurationConverter.class, defaultValue = "30s",
            description = "Wait after start before measuring, so start-up work is over (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--duration", converter = DurationConverter.class, defaultValue = "60s",
            description = "Measured time (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = System.out;
        try (LoadTarget system = target.open()) {
            ServerProcess server = system.server();
            if (server == null) {
                out.println("FAILED: the server's process is not known; give --server-pid with --url");
                return 1;
            }
            Thread.sleep(settle.toMillis());
            server.startWindow();
            Thread.sleep(duration.toMillis());
            double cpu = server.cpuPercent();
            LoadReport.printMachine(out);
            out.println();
            out.printf(Locale.ROOT, FORMAT, "scenario", "settings", "cpu %", "rss MiB", "target");
            out.printf(Locale.ROOT, FORMAT, "idle", String.format(Locale.ROOT, "no traffic, %d s after %d s",
                            duration.toSeconds(), settle.toSeconds()), String.format(Locale.ROOT, "%.1f", cpu),
                    String.format(Locale.ROOT, "%.0f", server.rssMib()),
                    String.format(Locale.ROOT, "≤ %.0f %% of one core  %s", TARGET_PERCENT,
                            cpu >= 0 && cpu <= TARGET_PERCENT ? "met" : "NOT MET"));
            return cpu >= 0 ? 0 : 1;
        }
    }
}
