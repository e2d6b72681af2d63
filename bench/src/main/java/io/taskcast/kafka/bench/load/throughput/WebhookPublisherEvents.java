package io.taskcast.kafka.bench.load.throughput;

import io.taskcast.kafka.schemas.json.Json;
import tools.jackson.databind.node.ArrayNode;

/** The body of one publish request of {@code bench webhooks}: stamped events of one type. */
final class WebhookPublisherEvents {

    static final String TYPE = "bench.webhook";

    private WebhookPublisherEvents() {
    }

    static byte[] batch(long firstSeq, int count, long sentNanos) {
        ArrayNode events = Json.mapper().createArrayNode();
        for (long seq = firstSeq; seq < firstSeq + count; seq++) {
            events.addObject().put("type", TYPE).putObject("data").put(Stamp.SEQ_FIELD, seq).put(Stamp.SENT_FIELD, sentNanos);
        }
        return Json.toBytes(events);
    }
}
