package io.taskcast.kafka.embedded;

import io.taskcast.kafka.embedded.Parallel.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka, Redis and PostgreSQL started together for {@code ./taskcast dev} and integration tests.
 * The three are independent, so they start and stop in parallel: the stack is up in about the
 * time of the slowest one (Kafka, a few seconds).
 */
public final class EmbeddedStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

    /**
     * Where and how the stack runs. Ports 0 mean free ports. Persistent mode keeps data in
     * {@code dataDir} across restarts; ephemeral mode deletes it on close. PostgreSQL binaries are
     * unpacked once into {@code postgresBinariesDir} (default {@code <dataDir>/pg-bin}).
     */
    public record Options(Path dataDir, boolean persistent, int kafkaPort, int redisPort, int postgresPort,
                          Path postgresBinariesDir, Set<Component> components) {

        public Options {
            components = components == null ? EnumSet.allOf(Component.class) : Set.copyOf(components);
            Objects.requireNonNull(dataDir, "dataDir");
            dataDir = dataDir.toAbsolutePath();
            postgresBinariesDir = postgresBinariesDir == null ? dataDir.resolve("pg-bin") : postgresBinariesDir.toAbsolutePath();
            for (int port : new int[] {kafkaPort, redisPort, postgresPort}) {
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("Port out of range 0-65535: " + port);
                }
            }
        }

        public static Options persistent(Path dataDir) {
            return new Options(dataDir, true, 0, 0, 0, null, null);
        }

        public static Options ephemeral(Path dataDir) {
            return new Options(dataDir, false, 0, 0, 0, null, null);
        }

        public Options withPorts(int kafka, int redis, int postgres) {
            return new Options(dataDir, persistent, kafka, redis, postgres, postgresBinariesDir, components);
        }

        public Options withPostgresBinariesDir(Path dir) {
            return new Options(dataDir, persistent, kafkaPort, redisPort, postgresPort, dir, components);
        }

        /** Starts only these components; the others are provided from outside. */
        public Options withComponents(Set<Component> only) {
            return new Options(dataDir, persistent, kafkaPort, redisPort, postgresPort, postgresBinariesDir, only);
        }
    }

    /** The services the stack can embed. */
    public enum Component {
        KAFKA, REDIS, POSTGRES
    }

    private final Options options;
    private final EmbeddedKafka kafka;
    private final EmbeddedRedis redis;
    private final EmbeddedPostgresServer postgres;

    private EmbeddedStack(Options options, EmbeddedKafka kafka, EmbeddedRedis redis, EmbeddedPostgresServer postgres) {
        this.options = options;
        this.kafka = kafka;
        this.redis = redis;
        this.postgres = postgres;
    }

    /**
     * Starts all three components. If one fails, the others are stopped and its
     * {@link EmbeddedStartException} is thrown (any further failures are attached as suppressed).
     */
    public static EmbeddedStack start(Options options) {
        long startedAt = System.nanoTime();
        endOrphans(options);
        requireFreePorts(options);
        Path dir = options.dataDir();
        boolean persistent = options.persistent();
        Map<String, Supplier<AutoCloseable>> tasks = new LinkedHashMap<>();
        Set<Component> wanted = options.components();
        if (wanted.contains(Component.KAFKA)) {
            tasks.put(EmbeddedKafka.COMPONENT, () -> EmbeddedKafka.start(dir.resolve("kafka"), options.kafkaPort()));
        }
        if (wanted.contains(Component.REDIS)) {
            tasks.put(EmbeddedRedis.COMPONENT,
                    () -> EmbeddedRedis.start(dir.resolve("redis"), options.redisPort(), persistent));
        }
        if (wanted.contains(Component.POSTGRES)) {
            tasks.put(EmbeddedPostgresServer.COMPONENT, () -> EmbeddedPostgresServer.start(dir.resolve("postgres"),
                    options.postgresBinariesDir(), options.postgresPort(), persistent));
        }
        List<Outcome<AutoCloseable>> started = Parallel.run("embedded-stack-start", tasks);
        List<RuntimeException> failures = Parallel.failures(started);
        if (!failures.isEmpty()) {
            RuntimeException failure = Parallel.combine(failures);
            try {
                closeAll(started.stream().filter(o -> !o.failed()).map(Outcome::value).toList());
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
            // Data is kept even in ephemeral mode: the failure may be another stack using this directory.
            throw failure;
        }
        LOG.info("Embedded stack ready in {} ms", (System.nanoTime() - startedAt) / 1_000_000);
        List<AutoCloseable> components = started.stream().map(Outcome::value).toList();
        return new EmbeddedStack(options, find(components, EmbeddedKafka.class), find(components, EmbeddedRedis.class),
                find(components, EmbeddedPostgresServer.class));
    }

    private static <T> T find(List<AutoCloseable> components, Class<T> type) {
        return components.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }

    public String kafkaBootstrapServers() {
        return embedded(kafka, Component.KAFKA).bootstrapServers();
    }

    public String redisUrl() {
        return embedded(redis, Component.REDIS).url();
    }

    public String postgresUrl() {
        return embedded(postgres, Component.POSTGRES).url();
    }

    public String postgresJdbcUrl() {
        return embedded(postgres, Component.POSTGRES).jdbcUrl();
    }

    private static <T> T embedded(T component, Component which) {
        if (component == null) {
            throw new IllegalStateException(which + " is not embedded in this stack");
        }
        return component;
    }

    public Options options() {
        return options;
    }

    /** Stops all three, even when one fails to stop; failures are reported after all have stopped. */
    @Override
    public void close() {
        try {
            closeAll(Stream.of(kafka, redis, postgres).filter(Objects::nonNull).map(AutoCloseable.class::cast).toList());
        } finally {
            if (!options.persistent()) {
                deleteData(options.dataDir());
            }
        }
    }

    /**
     * A JVM killed with -9 leaves redis-server and postgres running on the ports a restart with fixed
     * ports asks for again; ending them first keeps that restart from failing on its own orphans.
     */
    private static void endOrphans(Options options) {
        Path dir = options.dataDir();
        if (options.components().contains(Component.REDIS)) {
            EmbeddedRedis.endOrphan(dir.resolve("redis"), options.redisPort());
        }
        if (options.components().contains(Component.POSTGRES)) {
            EmbeddedPostgresServer.endOrphan(dir.resolve("postgres"), options.postgresPort());
        }
    }

    /** Fails before starting anything, so a busy port costs no Kafka or Postgres start-up. */
    private static void requireFreePorts(Options options) {
        Ports.requireFree(options.kafkaPort(), EmbeddedKafka.COMPONENT);
        Ports.requireFree(options.redisPort(), EmbeddedRedis.COMPONENT);
        Ports.requireFree(options.postgresPort(), EmbeddedPostgresServer.COMPONENT);
    }

    private static void closeAll(List<AutoCloseable> components) {
        Map<String, Supplier<Object>> tasks = new LinkedHashMap<>();
        components.forEach(component -> tasks.put(component.toString(), () -> {
            try {
                component.close();
                return component;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(component + " did not stop", e);
            }
        }));
        List<RuntimeException> failures = Parallel.failures(Parallel.run("embedded-stack-stop", tasks));
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("Embedded stack did not stop cleanly", failures.get(0));
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /** Deletes only what the stack created, in case {@code dataDir} was pointed at a shared folder. */
    private static void deleteData(Path dir) {
        try {
            for (String component : List.of("kafka", "redis", "postgres")) {
                Utils.delete(dir.resolve(component).toFile());
            }
            try (var remaining = Files.list(dir)) {
                if (remaining.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not delete the ephemeral data in {}", dir, e);
        }
    }
}
