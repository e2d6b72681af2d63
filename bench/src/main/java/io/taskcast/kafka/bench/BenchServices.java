package io.taskcast.kafka.bench;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.embedded.EmbeddedStack.Component;
import io.taskcast.kafka.launcher.ServiceOptions;
import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * Kafka, Redis and Postgres for one bench run: those given by flag or environment, the others
 * embedded in a fresh temporary directory that is deleted afterwards. Only embedded services are
 * the bench's own; on given ones it touches nothing but its own topics, keys and rows.
 */
final class BenchServices implements AutoCloseable {

    private final String kafka;
    private final String redisUrl;
    private final String postgresUrl;
    private final Set<Component> embedded;
    private final EmbeddedStack stack;
    private final Path dataDir;

    private BenchServices(String kafka, String redisUrl, String postgresUrl, Set<Component> embedded,
                          EmbeddedStack stack, Path dataDir) {
        this.kafka = kafka;
        this.redisUrl = redisUrl;
        this.postgresUrl = postgresUrl;
        this.embedded = embedded;
        this.stack = stack;
        this.dataDir = dataDir;
    }

    /** Embeds what is not given; Redis and Postgres only when {@code needRedis}/{@code needPostgres}. */
    static BenchServices start(ServiceOptions given, boolean needRedis, boolean needPostgres, PrintStream log) {
        Set<Component> embed = EnumSet.noneOf(Component.class);
        if (blank(given.kafka)) {
            embed.add(Component.KAFKA);
        }
        if (needRedis && blank(given.redisUrl)) {
            embed.add(Component.REDIS);
        }
        if (needPostgres && blank(given.postgresUrl)) {
            embed.add(Component.POSTGRES);
        }
        if (embed.isEmpty()) {
            return new BenchServices(given.kafka, given.redisUrl, given.postgresUrl, embed, null, null);
        }
        Path dir = tempDir();
        log.println("bench: starting embedded " + embed + " in " + dir);
        EmbeddedStack stack;
        try {
            stack = EmbeddedStack.start(EmbeddedStack.Options.ephemeral(dir).withComponents(embed));
        } catch (RuntimeException e) {
            delete(dir);
            throw e;
        }
        return new BenchServices(
                embed.contains(Component.KAFKA) ? stack.kafkaBootstrapServers() : given.kafka,
                embed.contains(Component.REDIS) ? stack.redisUrl() : given.redisUrl,
                embed.contains(Component.POSTGRES) ? stack.postgresUrl() : given.postgresUrl,
                embed, stack, dir);
    }

    String kafka() {
        return kafka;
    }

    String redisUrl() {
        return redisUrl;
    }

    String postgresUrl() {
        return postgresUrl;
    }

    boolean embedded(Component component) {
        return embedded.contains(component);
    }

    @Override
    public void close() {
        if (stack != null) {
            try {
                stack.close();
            } finally {
                // The stack deletes its own data; the unpacked Postgres binaries are ours to remove.
                delete(dataDir);
            }
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("taskcast-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for the embedded services", e);
        }
    }

    private static void delete(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            System.err.println("bench: could not delete " + dir + ": " + e.getMessage());
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
