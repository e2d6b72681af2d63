package io.taskcast.kafka.launcher.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU and memory of the system under test, read from {@code /proc/<pid>} (Linux): CPU as the share
 * of one core used over a window (200% = two cores busy), RSS in MiB. Unknown (-1) elsewhere.
 */
public final class ServerProcess {

    private static final long TICKS_PER_SECOND = 100;

    private final long pid;
    private long windowStartTicks;
    private long windowStartNanos;

    public ServerProcess(long pid) {
        this.pid = pid;
    }

    public long pid() {
        return pid;
    }

    /** Starts a CPU window. */
    public void startWindow() {
        windowStartTicks = cpuTicks();
        windowStartNanos = System.nanoTime();
    }

    /** CPU used since {@link #startWindow()}, in percent of one core; -1 if unknown. */
    public double cpuPercent() {
        long ticks = cpuTicks();
        if (ticks < 0 || windowStartTicks < 0) {
            return -1;
        }
        double seconds = (System.nanoTime() - windowStartNanos) / 1e9;
        return seconds <= 0 ? -1 : 100.0 * (ticks - windowStartTicks) / TICKS_PER_SECOND / seconds;
    }

    /** Resident memory in MiB; -1 if unknown. */
    public double rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** utime + stime of the process, in clock ticks. */
    private long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may hold spaces.
            List<String> fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
            return Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
