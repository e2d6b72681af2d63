package io.taskcast.kafka.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.core.RedisServerBuilder;

/**
 * A real redis-server child process on 127.0.0.1 for dev mode and tests. It prefers Debian's
 * {@code /usr/bin/redis-server} (Redis 7) and falls back to the binary bundled in embedded-redis
 * (Redis 6.2), so a machine without the Debian package still works.
 *
 * <p>Persistent mode keeps data in an append-only file in the data directory; ephemeral mode writes
 * nothing to disk. Both write a pid file, so an orphan left by a JVM killed with -9 is ended on the
 * next start instead of holding the port and the data directory.
 */
public final class EmbeddedRedis implements AutoCloseable {

    static final String COMPONENT = "Embedded Redis";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final Path DEBIAN_REDIS = Path.of("/usr/bin/redis-server");
    private static final String PID_FILE = "redis.pid";

    private final RedisServer server;
    private final DirectoryLock lock;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedRedis(RedisServer server, DirectoryLock lock, int port) {
        this.server = server;
        this.lock = lock;
        this.port = port;
    }

    /** Starts redis-server with its files in {@code dataDir}; {@code port} 0 picks a free port. */
    public static EmbeddedRedis start(Path dataDir, int port, boolean persistent) {
        int resolvedPort = Ports.resolve(port, COMPONENT);
        Path dir = createDirectories(dataDir, resolvedPort);
        DirectoryLock lock = DirectoryLock.acquire(dir, COMPONENT, resolvedPort);
        try {
            OrphanProcess.endIfRunning(dir.resolve(PID_FILE), "redis-server");
            File executable = executable();
            RedisServer server = configure(executable, dir, resolvedPort, persistent).build();
            server.start();
            LOG.info("Embedded Redis ready on 127.0.0.1:{} ({}, {})", resolvedPort,
                    persistent ? "persistent in " + dir : "ephemeral", executable);
            return new EmbeddedRedis(server, lock, resolvedPort);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw new EmbeddedStartException(COMPONENT, resolvedPort, String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * Ends a redis-server that a killed JVM left running in {@code dataDir}. Called before any port
     * is checked: the orphan still holds the port the next start asks for.
     */
    static void endOrphan(Path dataDir, int port) {
        if (!Files.isDirectory(dataDir)) {
            return;
        }
        try (DirectoryLock lock = DirectoryLock.acquire(dataDir.toAbsolutePath(), COMPONENT, port)) {
            OrphanProcess.endIfRunning(dataDir.toAbsolutePath().resolve(PID_FILE), "redis-server");
        } catch (EmbeddedStartException e) {
            // In use by a live instance, or not usable: the start itself reports that, with its context.
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
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
            // SIGTERM: redis-server flushes the append-only file and removes its pid file.
            server.stop();
            LOG.info("Embedded Redis on port {} stopped", port);
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded Redis on port " + port + " did not stop", e);
        } finally {
            lock.close();
        }
    }

    private static RedisServerBuilder configure(File executable, Path dir, int port, boolean persistent) {
        // The library runs redis-server in the executable's directory, so "dir" must always be set.
        return RedisServer.newRedisServer()
                .executableProvider(() -> executable)
                .bind("127.0.0.1")
                .port(port)
                .setting("dir " + quoted(dir))
                .setting("pidfile " + quoted(dir.resolve(PID_FILE)))
                .settingIf(persistent, "appendonly yes")
                .settingIf(persistent, "appendfsync everysec")
                .settingIf(!persistent, "save \"\"")
                .settingIf(!persistent, "appendonly no")
                .soutListener(line -> LOG.debug("redis-server: {}", line))
                .serrListener(line -> LOG.warn("redis-server: {}", line));
    }

    private static File executable() throws IOException {
        return Files.isExecutable(DEBIAN_REDIS)
                ? DEBIAN_REDIS.toFile()
                : ExecutableProvider.newJarResourceProvider().get();
    }

    private static String quoted(Path path) {
        return "\"" + path.toAbsolutePath() + "\"";
    }

    private static Path createDirectories(Path dataDir, int port) {
        try {
            return Files.createDirectories(dataDir).toAbsolutePath();
        } catch (IOException e) {
            throw new EmbeddedStartException(COMPONENT, port, "cannot create data directory " + dataDir, e);
        }
    }
}
