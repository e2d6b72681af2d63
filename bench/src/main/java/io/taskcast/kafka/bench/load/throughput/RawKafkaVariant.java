package io.taskcast.kafka.bench.load.throughput;

import java.time.Duration;

/**
 * One producer/consumer configuration of the raw Kafka baseline. All use acks=all and idempotence
 * as the system's producers do; the transactional one commits every {@code commitInterval}, as the
 * processor does under exactly_once_v2, and is read with read_committed.
 */
public record RawKafkaVariant(String name, int lingerMs, Duration commitInterval) {

    public static RawKafkaVariant parse(String text, Duration commitInterval) {
        switch (text) {
            case "linger0":
                return new RawKafkaVariant(text, 0, null);
            case "linger5":
                return new RawKafkaVariant(text, 5, null);
            case "tx":
                return new RawKafkaVariant(text, 5, commitInterval);
            default:
                throw new IllegalArgumentException("unknown raw Kafka variant '" + text + "': use linger0, linger5 or tx");
        }
    }

    public boolean transactional() {
        return commitInterval != null;
    }

    public String settings() {
        return "linger=" + lingerMs + (transactional() ? " tx" + commitInterval.toMillis() + "ms rc" : "");
    }
}
