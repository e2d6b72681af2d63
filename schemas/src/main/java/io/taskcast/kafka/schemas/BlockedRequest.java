package io.taskcast.kafka.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/** What a blocked task waits for; answered through resolve. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlockedRequest(String type, JsonNode data) {
}
