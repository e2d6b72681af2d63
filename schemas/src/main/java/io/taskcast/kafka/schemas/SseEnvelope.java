package io.taskcast.kafka.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/** The wrapped form of an event on an SSE stream or webhook (api.md §1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SseEnvelope(
        long filteredIndex,
        long rawIndex,
        String eventId,
        String taskId,
        String type,
        long timestamp,
        Level level,
        @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode data,
        String seriesId,
        SeriesMode seriesMode,
        String seriesAccField,
        Boolean seriesSnapshot) {

    /** JSON null and a missing value are the same thing on the wire; keep one form so records compare equal. */
    public SseEnvelope {
        data = data == null ? NullNode.getInstance() : data;
    }

    /** Wraps {@code event} at position {@code filteredIndex} among the events a subscription lets through. */
    public static SseEnvelope wrap(TaskEvent event, long filteredIndex) {
        return new SseEnvelope(filteredIndex, event.index(), event.id(), event.taskId(), event.type(),
                event.timestamp(), event.level(), event.data(), event.seriesId(), event.seriesMode(),
                event.seriesAccField(), event.seriesSnapshot());
    }
}
