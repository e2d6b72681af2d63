package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.platform.auth.RequestGuard;
import io.taskcast.kafka.platform.web.ApiException;
import io.taskcast.kafka.platform.auth.AuthContext;
import io.taskcast.kafka.platform.auth.Scope;
import io.taskcast.kafka.platform.redis.FailedDeliveries;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Topics;
import io.taskcast.kafka.schemas.webhook.WebhookDelivery;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Webhook deliveries that failed every attempt (api.md §7, **beyond**): an operator with scope
 * {@code webhook:manage} lists them and sends one again — a fresh round of attempts under the same
 * {@code webhook-id}. Secrets are never shown.
 */
@RestController
public class FailedWebhooksController {

    private final FailedDeliveries failed;
    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final RequestGuard guard;

    public FailedWebhooksController(FailedDeliveries failed, Producer<String, byte[]> producer, Topics topics,
                                    RequestGuard guard) {
        this.failed = failed;
        this.producer = producer;
        this.topics = topics;
        this.guard = guard;
    }

    /** One failed delivery as the list shows it. */
    public record FailedView(String deliveryId, String taskId, String webhookKey, String url, String eventId,
                             String eventType, long eventIndex, int attempts, String reason, long failedAt) {

        static FailedView of(FailedDeliveries.Failed f) {
            WebhookDelivery d = f.delivery();
            return new FailedView(d.deliveryId(), d.taskId(), d.webhookKey(), d.webhook().url().toString(),
                    d.event().id(), d.event().type(), d.event().index(), f.attempts(), f.reason(), f.failedAt());
        }
    }

    @GetMapping(path = "/webhooks/failed", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, List<FailedView>>> list(ServerWebExchange exchange) {
        return guard.authenticate(exchange).publishOn(Schedulers.boundedElastic()).map(auth -> {
            guard.require(auth, Scope.WEBHOOK_MANAGE);
            return Map.of("failed", failed.list().stream().filter(f -> auth.taskIds().contains(f.delivery().taskId()))
                    .map(FailedView::of).toList());
        });
    }

    @PostMapping(path = "/webhooks/failed/{deliveryId}/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<Map<String, String>> retry(ServerWebExchange exchange, @PathVariable String deliveryId) {
        return guard.authenticate(exchange).publishOn(Schedulers.boundedElastic())
                .map(auth -> resend(auth, deliveryId));
    }

    /** Back on the deliveries topic first, then off the list: a crash in between re-sends twice, never zero times. */
    private Map<String, String> resend(AuthContext auth, String deliveryId) {
        guard.require(auth, Scope.WEBHOOK_MANAGE);
        FailedDeliveries.Failed found = failed.find(deliveryId)
                .filter(f -> auth.taskIds().contains(f.delivery().taskId()))
                .orElseThrow(() -> new ApiException(404, "NOT_FOUND", "No failed webhook delivery: " + deliveryId));
        WebhookDelivery again = found.delivery().resent();
        try {
            producer.send(new ProducerRecord<>(topics.webhookDeliveries().name(), again.taskId(), Json.toBytes(again)))
                    .get(35, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "UNAVAILABLE", "Interrupted while re-queueing the delivery");
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiException(503, "KAFKA_UNAVAILABLE", "Kafka did not confirm the re-sent delivery in time;"
                    + " it may still be sent (under the same webhook-id) and stays listed here: " + e.getMessage());
        }
        failed.remove(deliveryId);
        return Map.of("deliveryId", deliveryId, "status", "requeued");
    }
}
