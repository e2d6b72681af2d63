package io.taskcast.kafka.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a server process (redis-server, postgres) that a JVM killed with -9 left running: child
 * processes outlive their parent JVM and would keep the data directory and the port busy. The pid
 * comes from the server's own pid file; the process is only ended when its command line still
 * names the expected program, because pids are reused.
 */
final class OrphanProcess {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanProcess.class);
    private static final long GRACE_SECONDS = 10;

    private OrphanProcess() {
    }

    /** Call only while holding the {@link DirectoryLock} of the directory the pid file is in. */
    static void endIfRunning(Path pidFile, String program) {
        Optional<ProcessHandle> orphan = readPid(pidFile)
                .filter(pid -> pid != ProcessHandle.current().pid())
                .flatMap(ProcessHandle::of)
                .filter(process -> commandLine(process.pid()).contains(program));
        if (orphan.isEmpty()) {
            deleteStale(pidFile);
            return;
        }
        ProcessHandle process = orphan.get();
        LOG.warn("Stopping {} (pid {}) left running by an earlier run that did not shut down", program, process.pid());
        // SIGTERM first: both servers then flush and remove their pid file themselves.
        process.destroy();
        if (!awaitExit(process)) {
            LOG.warn("{} (pid {}) ignored SIGTERM for {} s; killing it", program, process.pid(), GRACE_SECONDS);
            process.destroyForcibly();
            awaitExit(process);
        }
        deleteStale(pidFile);
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            // postmaster.pid has the pid on its first line, followed by other lines.
            return Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream().findFirst()
                    .map(String::trim).filter(line -> line.matches("\\d+")).map(Long::valueOf);
        } catch (IOException e) {
            LOG.warn("Cannot read pid file {}; assuming no earlier process is running", pidFile, e);
            return Optional.empty();
        }
    }

    private static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(GRACE_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    private static void deleteStale(Path pidFile) {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            LOG.warn("Cannot delete stale pid file {}", pidFile, e);
        }
    }
}
