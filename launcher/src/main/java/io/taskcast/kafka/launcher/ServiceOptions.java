package io.taskcast.kafka.launcher;

import picocli.CommandLine.Option;

/** Where Kafka, Redis and Postgres are; each flag falls back to its environment variable. */
final class ServiceOptions {

    @Option(names = "--kafka", defaultValue = "${env:TASKCAST_KAFKA_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers (env TASKCAST_KAFKA_BOOTSTRAP_SERVERS).")
    String kafka;

    @Option(names = "--redis-url", defaultValue = "${env:TASKCAST_REDIS_URL}",
            description = "Redis URL, redis://host:port (env TASKCAST_REDIS_URL).")
    String redisUrl;

    @Option(names = "--postgres-url", defaultValue = "${env:TASKCAST_POSTGRES_URL}",
            description = "Postgres URL, postgres://user:password@host:port/db (env TASKCAST_POSTGRES_URL).")
    String postgresUrl;
}
