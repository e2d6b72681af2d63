package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.ServerProcess;

import io.taskcast.kafka.embedded.EmbeddedStack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** The packaged server jar ({@code launcher/target/taskcast-exec.jar}) run as a real process, its output captured line by line. */
final class TaskcastProcess implements AutoCloseable {

    static final Path JAR = Path.of("..", "launcher", "target", "taskcast-exec.jar");

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    private final List<Thread> readers;

    private TaskcastProcess(Process process) {
        this.process = process;
        this.readers = List.of(drain(process.getInputStream(), stdout), drain(process.getErrorStream(), stderr));
    }

    static TaskcastProcess start(List<String> jvmOptions, String... args) {
        return start(Map.of(), jvmOptions, args);
    }

    /** @param environment variables added to this JVM's for the process */
    static TaskcastProcess start(Map<String, String> environment, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            return new TaskcastProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The gateway role alone on {@code port}, on the embedded stack with the default topic prefix, so
     * it serves the same tasks as the in-JVM {@link SharedTaskcast} app.
     */
    static TaskcastProcess gateway(EmbeddedStack stack, int port, List<String> jvmOptions) {
        return start(jvmOptions, "run", "--roles", "gateway", "--port", String.valueOf(port),
                "--kafka", stack.kafkaBootstrapServers(), "--redis-url", stack.redisUrl(),
                "--postgres-url", stack.postgresUrl(), "--state-dir", Path.of("target", "it-gateway-" + port).toString());
    }

    /** Heap in use right after a full GC, in KiB, as {@code jcmd} reports it. */
    long heapUsedAfterGcKib() {
        return new ServerProcess(process.pid()).heapUsedAfterGcKib();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    void awaitReady(Duration timeout) {
        awaitLine("Taskcast ready on ", timeout);
    }

    /** Waits until the process printed a line starting with {@code prefix}; fails at once if it exits. */
    void awaitLine(String prefix, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("taskcast exited with " + process.exitValue() + "\nstdout: " + stdout
                        + "\nstderr: " + stderr);
            }
            return stdout.stream().anyMatch(l -> l.startsWith(prefix));
        });
    }

    /** Sends SIGTERM, as Ctrl-C or a service manager would, and waits for the exit code. */
    int stop(Duration timeout) throws InterruptedException {
        // Through the handle: Process.destroy() would also close our ends of stdout and stderr.
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("taskcast did not stop within " + timeout + "\nstdout: " + stdout);
        }
        awaitOutput();
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook runs, as when a machine dies. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor();
    }

    /** Sends {@code kill -<name>}: STOP freezes the process as a stalled machine would, CONT lets it run on. */
    void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name, e);
        }
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("taskcast still running after " + timeout + "\nstdout: " + stdout
                    + "\nstderr: " + stderr);
        }
        awaitOutput();
        return process.exitValue();
    }

    /** After exit, the readers finish once they have read the last line. */
    private void awaitOutput() throws InterruptedException {
        for (Thread reader : readers) {
            reader.join(5000);
        }
    }

    List<String> stdout() {
        return stdout;
    }

    List<String> stderr() {
        return stderr;
    }

    /** The last {@code count} lines at WARN or ERROR, and of stderr, in one line for a failure message. */
    String lastWarnings(int count) {
        List<String> lines = new ArrayList<>(stdout.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList());
        lines.addAll(stderr);
        return lines.subList(Math.max(0, lines.size() - count), lines.size()).toString();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Thread drain(InputStream stream, List<String> into) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                lines.lines().forEach(into::add);
            } catch (IOException | UncheckedIOException e) {
                into.add("<output closed: " + e.getMessage() + ">");
            }
        }, "taskcast-output");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
