package io.taskcast.kafka.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Settings of the REST API role.
 *
 * @param replyTimeout how long a write waits for the processor's reply before answering 202 (the
 *                     command is durable and will still be applied)
 * @param replyPartition the partition of the results topic this instance reads; -1 picks one at
 *                       random. Give each instance its own to spare them each other's replies.
 * @param maxBodySize requests with a larger body get 413
 * @param sendTimeout how long a write waits for Kafka to confirm its command (the producer's
 *                    request and delivery timeout) before answering 503: bounds every write while
 *                    the brokers are down, and rides through a leader election
 */
@ConfigurationProperties("taskcast.ingest")
public record IngestProperties(
        @DefaultValue("5s") Duration replyTimeout,
        @DefaultValue("-1") int replyPartition,
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("15s") Duration sendTimeout) {

    public IngestProperties {
        if (sendTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("taskcast.ingest.send-timeout (TASKCAST_INGEST_SEND_TIMEOUT)"
                    + " must be at least 1s, got " + sendTimeout);
        }
    }
}
