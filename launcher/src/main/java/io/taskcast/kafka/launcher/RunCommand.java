package io.taskcast.kafka.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Runs the chosen roles against external Kafka, Redis and Postgres. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run roles against external Kafka, Redis and PostgreSQL.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connections;

    @Option(names = "--state-dir", defaultValue = "${env:TASKCAST_STATE_DIR:-./.taskcast/streams}",
            description = "Local state of the processor role (rebuildable from Kafka; default ${DEFAULT-VALUE}).")
    Path stateDir;

    @Override
    public Integer call() {
        FileSettings file = connections.readConfigFile();
        String kafka = connections.kafka(file);
        String redisUrl = connections.redisUrl(file);
        require(kafka, "--kafka, TASKCAST_KAFKA_BOOTSTRAP_SERVERS or kafka.bootstrapServers in the config file");
        require(redisUrl, "--redis-url, TASKCAST_REDIS_URL or adapters.shortTermStore.url in the config file");
        int port = connections.port(file);
        Launch.requirePortFree(port);
        Shutdown shutdown = Shutdown.install();
        Launch.Settings settings = new Launch.Settings(port, connections.roles, kafka, redisUrl,
                connections.postgresUrl(file), stateDir);
        shutdown.closeOnExit(Launch.start(settings, connections.environment(System.getenv()), file));
        LogFormat.say(ReadyLine.of(settings, stateDir) + " roles " + String.join(",", connections.roles));
        shutdown.await();
        return 0;
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new StartupFailure("taskcast run needs " + what + " (or use 'taskcast dev' for embedded ones)");
        }
    }
}
