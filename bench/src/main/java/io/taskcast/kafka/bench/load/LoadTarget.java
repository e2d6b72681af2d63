package io.taskcast.kafka.bench.load;

import io.taskcast.kafka.testkit.FreePort;
import io.taskcast.kafka.testkit.ServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The system a load scenario drives: by default a fresh {@code taskcast dev} started as a child
 * process of this jar on a free port and a temporary data directory (both removed afterwards), so
 * its CPU and memory are measured apart from the load generator; or a running system given by URL.
 */
public final class LoadTarget implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("Taskcast ready on (http://\\S+)\\s+\\(Kafka ([^,]+),");

    private final URI baseUrl;
    private final String kafka;
    private final ServerProcess server;
    private final Process child;
    private final Path dataDir;

    private LoadTarget(URI baseUrl, String kafka, ServerProcess server, Process child, Path dataDir) {
        this.baseUrl = baseUrl;
        this.kafka = kafka;
        this.server = server;
        this.child = child;
        this.dataDir = dataDir;
    }

    /** A running system; {@code pid} (its process, for CPU and RSS) may be null. */
    public static LoadTarget running(URI baseUrl, String kafka, Long pid) {
        return new LoadTarget(baseUrl, kafka, pid == null ? null : new ServerProcess(pid), null, null);
    }

    /** Starts {@code taskcast dev} from the server jar ({@link #serverJar()}), with {@code jvmOptions}; waits until ready. */
    public static LoadTarget startDev(List<String> jvmOptions, List<String> environment) {
        try {
            Path dataDir = Files.createTempDirectory("taskcast-bench-");
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", serverJar().toString(), "dev", "--port", Integer.toString(FreePort.next()),
                    "--data-dir", dataDir.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            environment.forEach(kv -> builder.environment().put(kv.substring(0, kv.indexOf('=')),
                    kv.substring(kv.indexOf('=') + 1)));
            Process child = builder.start();
            Matcher ready = awaitReady(child);
            return new LoadTarget(URI.create(ready.group(1)), ready.group(2).trim(), new ServerProcess(child.pid()),
                    child, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start taskcast dev for the benchmark", e);
        }
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public URI url(String path) {
        return baseUrl.resolve(path);
    }

    /** Kafka bootstrap servers of the system, or null when not known. */
    public String kafka() {
        return kafka;
    }

    /** The server process, or null when not known. */
    public ServerProcess server() {
        return server;
    }

    @Override
    public void close() {
        if (child != null) {
            child.toHandle().destroy();
            try {
                if (!child.waitFor(30, TimeUnit.SECONDS)) {
                    child.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dataDir != null) {
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("Could not remove " + dataDir + ": " + e.getMessage());
            }
        }
    }

    /** Reads the child's output until its ready line (echoing nothing else); its output is drained after. */
    private static Matcher awaitReady(Process child) {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Matcher> ready = CompletableFuture.supplyAsync(() -> {
            try {
                List<String> seen = new ArrayList<>();
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        Thread drain = new Thread(() -> drain(out), "bench-target-output");
                        drain.setDaemon(true);
                        drain.start();
                        return m;
                    }
                    seen.add(line);
                }
                throw new IllegalStateException("taskcast dev exited before it was ready:\n"
                        + String.join("\n", seen.subList(Math.max(0, seen.size() - 30), seen.size())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            return ready.get(180, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroyForcibly();
            throw new IllegalStateException("interrupted while starting taskcast dev", e);
        } catch (ExecutionException | TimeoutException e) {
            child.destroyForcibly();
            throw new IllegalStateException("taskcast dev did not get ready: " + e.getMessage(), e);
        }
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard: the server's log is not the benchmark's output
            }
        } catch (IOException e) {
            // the child is gone
        }
    }

    /**
     * The server's executable jar: {@code TASKCAST_SERVER_JAR} (the {@code ./taskcast} script sets
     * it), else {@code launcher/target/taskcast-exec.jar} of the checkout this bench jar was built in.
     */
    static Path serverJar() {
        String configured = System.getenv("TASKCAST_SERVER_JAR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        // Under `java -jar`, the class path is the jar itself (bench/target/taskcast-bench.jar).
        String classPath = System.getProperty("java.class.path", "");
        Path benchTarget = Path.of(classPath.split(java.io.File.pathSeparator)[0]).toAbsolutePath().getParent();
        Path beside = benchTarget.resolve("../../launcher/target/taskcast-exec.jar").normalize();
        if (Files.isRegularFile(beside)) {
            return beside;
        }
        throw new IllegalStateException("no taskcast server jar at " + beside + ": run ./taskcast bench …, which"
                + " builds it, or set TASKCAST_SERVER_JAR");
    }

}
