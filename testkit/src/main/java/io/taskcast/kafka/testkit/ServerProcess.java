package io.taskcast.kafka.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU and memory of the system under test, read from {@code /proc/<pid>} (Linux): CPU as the share
 * of one core used over a window (200% = two cores busy), RSS in MiB, threads and open file
 * descriptors; unknown (-1) elsewhere. Heap after a full GC comes from the JDK's {@code jcmd}.
 */
public final class ServerProcess {

    private static final long TICKS_PER_SECOND = 100;
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

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

    /** Threads of the process; -1 if unknown. */
    public long threads() {
        return entries(Path.of("/proc", Long.toString(pid), "task"));
    }

    /** Open file descriptors (files, sockets, pipes) of the process; -1 if unknown. */
    public long openDescriptors() {
        return entries(Path.of("/proc", Long.toString(pid), "fd"));
    }

    private static long entries(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Heap in use right after a full GC, in KiB, as {@code jcmd} (of the JDK running this code)
     * reports it for a JVM of the same user.
     */
    public long heapUsedAfterGcKib() {
        jcmd("GC.run");
        Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("jcmd GC.heap_info printed no 'used' figure for process " + pid);
        }
        return Long.parseLong(used.group(1));
    }

    private String jcmd(String command) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid), command).redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (jcmd.waitFor() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed for process " + pid + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running jcmd " + command, e);
        }
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
