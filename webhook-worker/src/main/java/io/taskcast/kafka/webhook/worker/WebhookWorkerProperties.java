package io.taskcast.kafka.webhook.worker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the webhook worker role. Which targets may be called is shared configuration
 * ({@code taskcast.webhooks.allow-loopback-targets}, {@code allow-private-targets}).
 *
 * @param perReceiverConcurrency attempts in flight at once to one receiver (scheme, host and port)
 * @param senderThreads          attempts in flight at once in this process
 * @param maxPending             unfinished records (in flight, queued or waiting for their retry
 *                               time) past which the worker stops reading until some finish
 * @param connectTimeout         how long a connection to a receiver may take to open
 * @param sessionTimeout         how long the worker group waits for a silent (crashed) worker before
 *                               moving its partitions; their deliveries wait that long after a crash
 */
@ConfigurationProperties("taskcast.webhook-worker")
public record WebhookWorkerProperties(
        @DefaultValue("8") int perReceiverConcurrency,
        @DefaultValue("64") int senderThreads,
        @DefaultValue("10000") int maxPending,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration sessionTimeout) {

    public WebhookWorkerProperties {
        positive(perReceiverConcurrency, "per-receiver-concurrency");
        positive(senderThreads, "sender-threads");
        positive(maxPending, "max-pending");
        if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
            throw new IllegalArgumentException("taskcast.webhook-worker.session-timeout must be positive, got "
                    + sessionTimeout);
        }
    }

    private static void positive(int value, String key) {
        if (value < 1) {
            throw new IllegalArgumentException("taskcast.webhook-worker." + key + " must be at least 1, got " + value);
        }
    }
}
