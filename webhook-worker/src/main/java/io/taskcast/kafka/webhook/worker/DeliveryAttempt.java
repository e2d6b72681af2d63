package io.taskcast.kafka.webhook.worker;

import io.taskcast.kafka.schemas.webhook.WebhookConfig;
import io.taskcast.kafka.schemas.webhook.WebhookDelivery;
import io.taskcast.kafka.webhook.DeliveryBody;
import io.taskcast.kafka.webhook.DeliveryOutcome;
import io.taskcast.kafka.webhook.WebhookSender;
import io.taskcast.kafka.webhook.WebhookSigner;

import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * One attempt of one delivery: the exact body, signed with the attempt's timestamp and the
 * delivery's stable id, sent through the guarded sender with the webhook's own timeout.
 */
final class DeliveryAttempt implements Function<DeliveryJob, DeliveryOutcome> {

    private final WebhookSender sender;
    private final WebhookMetrics metrics;
    private final Clock clock;

    DeliveryAttempt(WebhookSender sender, WebhookMetrics metrics, Clock clock) {
        this.sender = sender;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public DeliveryOutcome apply(DeliveryJob job) {
        WebhookDelivery delivery = job.delivery();
        WebhookConfig webhook = delivery.webhook();
        byte[] body = DeliveryBody.of(webhook, delivery.event(), delivery.filteredIndex());
        Map<String, String> headers = WebhookSigner.headers(webhook.secret(), delivery.deliveryId(),
                delivery.event().type(), clock.millis() / 1000, body);
        DeliveryOutcome outcome = sender.send(webhook.url(), headers, body, webhook.retry().timeout());
        metrics.attempted(outcome);
        return outcome;
    }
}
