package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.embedded.EmbeddedRedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A persistent embedded redis-server of one test's own, which the test stops (SIGTERM: the
 * append-only file is flushed, the data comes back) or kills with SIGKILL and starts again without
 * its files (the data is gone, as after a crash of a Redis without persistence), always on the same
 * port so clients configured with its URL reconnect to it.
 */
final class KillableRedis implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedRedis server;

    private KillableRedis(Path dataDir, EmbeddedRedis server) {
        this.dataDir = dataDir;
        this.port = server.port();
        this.server = server;
    }

    static KillableRedis start(Path dataDir) {
        return new KillableRedis(dataDir, EmbeddedRedis.start(dataDir, 0, true));
    }

    String url() {
        return server == null ? "redis://127.0.0.1:" + port : server.url();
    }

    /** A clean stop: its data is on disk and comes back with {@link #restart()}. */
    void stop() {
        server.close();
        server = null;
    }

    /** SIGKILL, then every file of the data directory removed: the next start is empty. */
    void killAndLoseData() {
        ProcessHandle process = ProcessHandle.of(pid())
                .orElseThrow(() -> new IllegalStateException("no redis-server running for " + dataDir));
        process.destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
        server.close();
        server = null;
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).filter(path -> !path.equals(dataDir)).forEach(KillableRedis::delete);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + dataDir, e);
        }
    }

    /** Sends {@code kill -<name>} (STOP, CONT) to redis-server. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " failed for redis-server of " + dataDir);
        }
    }

    void restart() {
        server = EmbeddedRedis.start(dataDir, port, true);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    private long pid() {
        try {
            return Long.parseLong(Files.readString(dataDir.toAbsolutePath().resolve("redis.pid"),
                    StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the redis-server pid of " + dataDir, e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
