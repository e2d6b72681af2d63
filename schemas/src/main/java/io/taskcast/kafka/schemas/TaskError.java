package io.taskcast.kafka.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/** The error a failed task carries. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskError(String code, String message, JsonNode details) {
}
