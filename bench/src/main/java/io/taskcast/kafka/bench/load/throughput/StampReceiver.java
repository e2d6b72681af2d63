package io.taskcast.kafka.bench.load.throughput;

import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.testkit.WebhookReceiver;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's end of the webhooks: the shared {@link WebhookReceiver}, which reports each new
 * delivery's stamp (from the envelope's {@code data}) to the loop as it arrives. A repeated
 * {@code webhook-id} is a redelivery, allowed by at-least-once, and only counted.
 */
final class StampReceiver implements AutoCloseable {

    static final String PATH = "/bench-hook";

    private final WebhookReceiver receiver;
    private final ClosedLoop loop;
    private final Set<String> deliveryIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong redeliveries = new AtomicLong();

    StampReceiver(ClosedLoop loop, int threadCount) {
        this.loop = loop;
        this.receiver = new WebhookReceiver(threadCount, this::arrived);
    }

    URI url() {
        return URI.create(receiver.url(PATH));
    }

    /** Deliveries whose {@code webhook-id} had been received before. */
    long redeliveries() {
        return redeliveries.get();
    }

    private void arrived(WebhookReceiver.Received delivery) {
        try {
            String id = delivery.header("webhook-id");
            JsonNode data = Json.mapper().readTree(delivery.body()).get("data");
            if (id == null || data == null || data.get(Stamp.SEQ_FIELD) == null) {
                loop.failed("a delivery without webhook-id or stamp: " + new String(delivery.body(), StandardCharsets.UTF_8));
            } else if (deliveryIds.add(id)) {
                loop.arrived(data.get(Stamp.SEQ_FIELD).asLong(), data.get(Stamp.SENT_FIELD).asLong());
            } else {
                redeliveries.incrementAndGet();
            }
        } catch (RuntimeException e) {
            loop.failed("receiver: " + e);
        }
    }

    @Override
    public void close() {
        receiver.close();
    }
}
