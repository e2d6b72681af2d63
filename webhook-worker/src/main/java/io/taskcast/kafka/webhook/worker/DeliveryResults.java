package io.taskcast.kafka.webhook.worker;

import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.hooks.WebhookFailed;
import io.taskcast.kafka.platform.redis.FailedDeliveries;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Headers;
import io.taskcast.kafka.schemas.topic.Topics;
import io.taskcast.kafka.schemas.webhook.RetryPolicy;
import io.taskcast.kafka.schemas.webhook.WebhookDelivery;
import io.taskcast.kafka.webhook.DeliveryOutcome;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What happens after an attempt: delivered; or written to the retry topic with the time the
 * webhook's policy gives for the next attempt; or, attempts exhausted (or the target refused), to
 * the dead-letter topic and the operators' list. Only once that write is acknowledged is the record
 * done, so a worker killed at any point resumes the schedule from the log.
 */
final class DeliveryResults implements BiConsumer<DeliveryJob, DeliveryOutcome> {

    private static final Logger log = LoggerFactory.getLogger(DeliveryResults.class);

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final Consumer<FailedDeliveries.Failed> failed;
    private final OffsetTracker tracker;
    private final WebhookMetrics metrics;
    private final Clock clock;
    private final HookDispatcher hooks;

    /**
     * @param failed where given-up deliveries are listed for operators ({@link FailedDeliveries#add})
     * @param hooks  told of every given-up delivery, once its dead letter is written
     */
    DeliveryResults(Producer<String, byte[]> producer, Topics topics, Consumer<FailedDeliveries.Failed> failed,
                    OffsetTracker tracker, WebhookMetrics metrics, Clock clock, HookDispatcher hooks) {
        this.hooks = hooks;
        this.producer = producer;
        this.topics = topics;
        this.failed = failed;
        this.tracker = tracker;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void accept(DeliveryJob job, DeliveryOutcome outcome) {
        WebhookDelivery delivery = job.delivery();
        RetryPolicy policy = delivery.webhook().retry();
        if (outcome.success()) {
            metrics.delivered();
        } else if (outcome.kind() != DeliveryOutcome.Kind.REFUSED && delivery.attempt() < policy.attempts()) {
            long due = clock.millis() + policy.delayBeforeRetry(delivery.attempt()).toMillis();
            send(new ProducerRecord<>(topics.webhookRetries().name(), delivery.taskId(),
                    Json.toBytes(delivery.retryAt(due))));
            metrics.retried();
            log.info("Webhook delivery {} to {} failed on attempt {} ({}); attempt {} at {}", delivery.deliveryId(),
                    Urls.redacted(delivery.webhook().url()), delivery.attempt(), outcome.failure(),
                    delivery.attempt() + 1, java.time.Instant.ofEpochMilli(due));
        } else {
            dead(delivery, outcome.failure(), outcome.kind() == DeliveryOutcome.Kind.REFUSED
                    ? WebhookFailed.Cause.TARGET_REFUSED : WebhookFailed.Cause.ATTEMPTS_EXHAUSTED);
        }
        tracker.done(job.partition(), job.offset());
    }

    /** Gives a delivery up: dead-letter topic first (the record of truth), then the operators' list. */
    void dead(WebhookDelivery delivery, String reason, WebhookFailed.Cause cause) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.DLQ_REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.DLQ_ATTEMPTS, Integer.toString(delivery.attempt()).getBytes(StandardCharsets.UTF_8));
        send(new ProducerRecord<>(topics.webhookDlq().name(), null, delivery.taskId(), Json.toBytes(delivery), headers));
        failed.accept(new FailedDeliveries.Failed(delivery, delivery.attempt(), reason, clock.millis()));
        metrics.dead();
        log.warn("Webhook delivery {} to {} given up after {} attempt(s): {}", delivery.deliveryId(),
                Urls.redacted(delivery.webhook().url()), delivery.attempt(), reason);
        hooks.webhookFailed(new WebhookFailed(delivery.taskId(), delivery.deliveryId(), delivery.webhookKey(),
                Urls.redacted(delivery.webhook().url()), delivery.event().id(), delivery.event().type(),
                delivery.attempt(), cause, reason));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + record.topic() + ": " + e.getMessage(), e);
        }
    }
}
