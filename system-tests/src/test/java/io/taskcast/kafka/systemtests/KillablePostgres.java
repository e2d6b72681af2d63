package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.embedded.EmbeddedPostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A persistent embedded PostgreSQL of one test's own, which the test kills with SIGKILL (postmaster
 * and every backend: no shutdown, no checkpoint, as when its machine dies) and starts again on the
 * same port and data, so clients configured with its URL reconnect to it.
 */
final class KillablePostgres implements AutoCloseable {

    private static final Path BINARIES = Path.of("target", "embedded-pg-bin").toAbsolutePath();

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgresServer server;

    private KillablePostgres(Path dataDir, EmbeddedPostgresServer server) {
        this.dataDir = dataDir;
        this.port = server.port();
        this.server = server;
    }

    static KillablePostgres start(Path dataDir) {
        return new KillablePostgres(dataDir, EmbeddedPostgresServer.start(dataDir, BINARIES, 0, true));
    }

    String url() {
        return "postgres://postgres@localhost:" + port + "/postgres";
    }

    void kill() {
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid())
                .orElseThrow(() -> new IllegalStateException("no postmaster running for " + dataDir));
        List<ProcessHandle> all = Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList();
        all.forEach(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(30)).until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
        // Releases the directory locks; its pg_ctl stop finds no server, which zonky logs as an error and ignores.
        server.close();
        server = null;
    }

    void restart() {
        server = EmbeddedPostgresServer.start(dataDir, BINARIES, port, true);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    /** The first line of the cluster's {@code postmaster.pid}. */
    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("data").resolve("postmaster.pid"),
                    StandardCharsets.US_ASCII).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the postmaster pid of " + dataDir, e);
        }
    }
}
