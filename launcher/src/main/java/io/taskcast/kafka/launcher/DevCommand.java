package io.taskcast.kafka.launcher;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.embedded.EmbeddedStack.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Runs every role with embedded Kafka, Redis and PostgreSQL, keeping their data in the data
 * directory so a restart finds what was there. A dependency given by flag or environment variable
 * is used instead of its embedded stand-in.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Run the whole system locally on embedded Kafka, Redis and PostgreSQL.")
final class DevCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connections;

    @Option(names = "--data-dir", defaultValue = "${env:TASKCAST_DATA_DIR:-.taskcast}",
            description = "Where embedded Kafka, Redis, Postgres and the processor keep data (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--kafka-port", defaultValue = "0", description = "Embedded Kafka port (0 = any free port).")
    int kafkaPort;

    @Option(names = "--redis-port", defaultValue = "0", description = "Embedded Redis port (0 = any free port).")
    int redisPort;

    @Option(names = "--postgres-port", defaultValue = "0", description = "Embedded Postgres port (0 = any free port).")
    int postgresPort;

    /** A developer's webhook receiver runs on localhost, so dev mode may call loopback targets unless told not to. */
    static Map<String, String> devEnvironment(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("TASKCAST_WEBHOOKS_ALLOW_LOOPBACK_TARGETS", "true");
        return env;
    }

    @Override
    public Integer call() {
        FileSettings file = connections.readConfigFile();
        Path dir = DataDirectory.prepare(dataDir);
        int port = connections.port(file);
        Launch.requirePortFree(port);
        Shutdown shutdown = Shutdown.install();
        try {
            String kafka = connections.kafka(file);
            String redisUrl = connections.redisUrl(file);
            String postgresUrl = connections.postgresUrl(file);
            EmbeddedStack stack = startEmbedded(dir, kafka, redisUrl, postgresUrl);
            shutdown.closeOnExit(stack);
            Launch.Settings settings = new Launch.Settings(port, connections.roles,
                    given(kafka) ? kafka : stack.kafkaBootstrapServers(),
                    given(redisUrl) ? redisUrl : stack.redisUrl(),
                    given(postgresUrl) ? postgresUrl : stack.postgresUrl(),
                    dir.resolve("streams"));
            shutdown.closeOnExit(Launch.start(settings, devEnvironment(connections.environment(System.getenv())), file));
            LogFormat.say(ReadyLine.of(settings, dir));
            shutdown.await();
            return 0;
        } catch (RuntimeException e) {
            shutdown.closeAll();
            throw e;
        }
    }

    private EmbeddedStack startEmbedded(Path dir, String kafka, String redisUrl, String postgresUrl) {
        Set<Component> embedded = EnumSet.noneOf(Component.class);
        if (!given(kafka)) {
            embedded.add(Component.KAFKA);
        }
        if (!given(redisUrl)) {
            embedded.add(Component.REDIS);
        }
        if (!given(postgresUrl)) {
            embedded.add(Component.POSTGRES);
        }
        if (embedded.isEmpty()) {
            return null;
        }
        LogFormat.say("Starting embedded " + embedded + " in " + dir + " ...");
        return EmbeddedStack.start(EmbeddedStack.Options.persistent(dir)
                .withPorts(kafkaPort, redisPort, postgresPort).withComponents(embedded));
    }

    private static boolean given(String value) {
        return ConnectionOptions.given(value);
    }
}
