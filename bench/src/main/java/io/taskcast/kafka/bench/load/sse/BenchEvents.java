package io.taskcast.kafka.bench.load.sse;

import io.taskcast.kafka.schemas.json.Json;
import tools.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * The events the SSE scenarios publish, {@code {"type":"bench.tick","data":{"seq":n,"at":due}}}
 * with {@code seq} the event's number within its task and {@code at} its due time in epoch
 * nanoseconds, and how a subscriber reads them back out of a wrapped {@code taskcast.event} frame.
 */
public final class BenchEvents {

    public static final String TYPE = "bench.tick";

    private BenchEvents() {
    }

    /** The publish body of event {@code seq} due at {@code dueEpochNanos}. */
    public static String body(long seq, long dueEpochNanos) {
        return String.format(Locale.ROOT, "{\"type\":\"%s\",\"data\":{\"seq\":%d,\"at\":%d}}", TYPE, seq, dueEpochNanos);
    }

    /** A bench event as received: its number and due time. */
    public record Tick(long seq, long dueEpochNanos) {
    }

    /** The tick in a wrapped frame's data, or null when it is another event (such as a status change). */
    public static Tick read(String frameData) {
        JsonNode envelope = Json.mapper().readTree(frameData);
        if (!TYPE.equals(envelope.path("type").asString(""))) {
            return null;
        }
        JsonNode data = envelope.path("data");
        if (!data.path("seq").isIntegralNumber() || !data.path("at").isIntegralNumber()) {
            throw new IllegalArgumentException("a " + TYPE + " event without seq and at: " + frameData);
        }
        return new Tick(data.get("seq").asLong(), data.get("at").asLong());
    }

    /** The {@code reason} of a {@code taskcast.done} frame's data. */
    public static String doneReason(String frameData) {
        return Json.mapper().readTree(frameData).path("reason").asString(null);
    }
}
