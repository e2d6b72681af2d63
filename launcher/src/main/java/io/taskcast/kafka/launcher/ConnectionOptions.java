package io.taskcast.kafka.launcher;

import picocli.CommandLine.Option;

/** Where Kafka, Redis and Postgres are; each flag falls back to its environment variable. */
final class ConnectionOptions {

    @Option(names = "--port", defaultValue = "${env:TASKCAST_PORT:-3721}",
            description = "HTTP port (env TASKCAST_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--kafka", defaultValue = "${env:TASKCAST_KAFKA_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers (env TASKCAST_KAFKA_BOOTSTRAP_SERVERS).")
    String kafka;

    @Option(names = "--redis-url", defaultValue = "${env:TASKCAST_REDIS_URL}",
            description = "Redis URL, redis://host:port (env TASKCAST_REDIS_URL).")
    String redisUrl;

    @Option(names = "--postgres-url", defaultValue = "${env:TASKCAST_POSTGRES_URL}",
            description = "Postgres URL, postgres://user:password@host:port/db (env TASKCAST_POSTGRES_URL).")
    String postgresUrl;

    @Option(names = "--roles", split = ",", defaultValue = "${env:TASKCAST_ROLES:-processor,ingest,gateway,webhooks}",
            description = "Roles to run in this process (env TASKCAST_ROLES, default: all).")
    java.util.List<String> roles;
}
