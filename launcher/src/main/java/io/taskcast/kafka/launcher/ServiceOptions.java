package io.taskcast.kafka.launcher;

import picocli.CommandLine.Option;

/**
 * Where Kafka, Redis and Postgres are; each flag falls back to its environment variable. Public for
 * the {@code bench} commands, which live in their own package.
 */
public final class ServiceOptions {

    @Option(names = "--kafka", defaultValue = "${env:TASKCAST_KAFKA_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers (env TASKCAST_KAFKA_BOOTSTRAP_SERVERS).")
    public String kafka;

    @Option(names = "--redis-url", defaultValue = "${env:TASKCAST_REDIS_URL}",
            description = "Redis URL, redis://host:port (env TASKCAST_REDIS_URL).")
    public String redisUrl;

    @Option(names = "--postgres-url", defaultValue = "${env:TASKCAST_POSTGRES_URL}",
            description = "Postgres URL, postgres://user:password@host:port/db (env TASKCAST_POSTGRES_URL).")
    public String postgresUrl;
}
