package io.taskcast.kafka.launcher;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What a serving process needs: its port, its roles and where its services are. */
final class ConnectionOptions {

    @Option(names = "--port", defaultValue = "${env:TASKCAST_PORT:-3721}",
            description = "HTTP port (env TASKCAST_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    ServiceOptions services;

    @Option(names = "--roles", split = ",", defaultValue = "${env:TASKCAST_ROLES:-processor,ingest,gateway,webhooks}",
            description = "Roles to run in this process (env TASKCAST_ROLES, default: all).")
    java.util.List<String> roles;
}
