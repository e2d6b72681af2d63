package io.taskcast.kafka.webhook;

import io.taskcast.kafka.schemas.SseEnvelope;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.webhook.WebhookConfig;

/**
 * The exact bytes POSTed for one event to one webhook (api.md §7): the SSE envelope, numbered by
 * the webhook's own {@code filteredIndex}, or the bare event when the webhook says
 * {@code wrap: false}. Written with the system's one JSON configuration, so a receiver sees the
 * same JSON as an SSE client; the signatures are computed over these bytes.
 */
public final class DeliveryBody {

    private DeliveryBody() {
    }

    public static byte[] of(WebhookConfig webhook, TaskEvent event, long filteredIndex) {
        return of(webhook.wrap(), event, filteredIndex);
    }

    /** @param filteredIndex the event's position among those this webhook's filter let through; unused when bare */
    public static byte[] of(boolean wrap, TaskEvent event, long filteredIndex) {
        return wrap ? Json.toBytes(SseEnvelope.wrap(event, filteredIndex)) : Json.toBytes(event);
    }
}
