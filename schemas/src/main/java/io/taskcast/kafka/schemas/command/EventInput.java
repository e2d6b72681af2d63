package io.taskcast.kafka.schemas.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/** One event to publish, before the processor gives it an id, index and timestamp. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventInput(
        String type,
        Level level,
        @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode data,
        String seriesId,
        SeriesMode seriesMode,
        String seriesAccField) {

    /** JSON null and a missing value are the same thing on the wire; keep one form so records compare equal. */
    public EventInput {
        data = data == null ? NullNode.getInstance() : data;
    }
}
