package io.taskcast.kafka.launcher;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a serving process needs: its port, its roles, where its services are and its configuration
 * file. A flag wins over its environment variable, which wins over the file, which wins over the default.
 */
final class ConnectionOptions {

    static final int DEFAULT_PORT = 3721;

    @Option(names = "--port", defaultValue = "${env:TASKCAST_PORT}",
            description = "HTTP port (env TASKCAST_PORT, config file 'port', default 3721).")
    Integer port;

    @Mixin
    ServiceOptions services;

    @Option(names = "--roles", split = ",", defaultValue = "${env:TASKCAST_ROLES:-processor,ingest,gateway,webhooks}",
            description = "Roles to run in this process (env TASKCAST_ROLES, default: all).")
    java.util.List<String> roles;

    @Option(names = "--set", paramLabel = "<key>=<value>",
            description = "Any setting by its configuration-file key, e.g. --set gateway.maxBuffered=5000"
                    + " (repeatable; wins over the environment and the file; the README lists every key).")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--config", paramLabel = "<path>",
            description = "Configuration file (default: taskcast.config.yaml|yml|json in the working directory,"
                    + " then in ~/.taskcast/).")
    Path config;

    /** Reads the configuration file, if there is one, and says which file it was. */
    FileSettings readConfigFile() {
        FileSettings file = FileSettings.load(config);
        if (file.source() != null) {
            System.out.println("Using configuration file " + file.source());
        }
        return file;
    }

    int port(FileSettings file) {
        return port != null ? port : Integer.parseInt(file.text("server.port", Integer.toString(DEFAULT_PORT)));
    }

    String kafka(FileSettings file) {
        return given(services.kafka) ? services.kafka : file.text("taskcast.kafka.bootstrap-servers", null);
    }

    String redisUrl(FileSettings file) {
        return given(services.redisUrl) ? services.redisUrl : file.text("taskcast.redis.url", null);
    }

    String postgresUrl(FileSettings file) {
        return given(services.postgresUrl) ? services.postgresUrl : file.text("taskcast.postgres.url", null);
    }

    /**
     * The process's environment with each {@code --set} put in as the variable of its setting, so that
     * it is read the same way and wins over the variable and the file.
     */
    Map<String, String> environment(Map<String, String> process) {
        Map<String, String> environment = new HashMap<>(process);
        sets.forEach((key, value) -> environment.put(SettingsCatalog.ALL.stream()
                .filter(setting -> setting.fileKey().equals(key)).findFirst()
                .orElseThrow(() -> new StartupFailure("--set " + key + ": unknown setting; the keys are those of the"
                        + " configuration file under their own names, e.g. gateway.maxBuffered or kafka.partitions"))
                .variable(), value));
        return environment;
    }

    static boolean given(String value) {
        return value != null && !value.isBlank();
    }
}
