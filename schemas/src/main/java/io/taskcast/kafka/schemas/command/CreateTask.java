package io.taskcast.kafka.schemas.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

import java.util.List;

/** Creates a pending task; rejected if the id is taken. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateTask(
        String commandId,
        String taskId,
        String type,
        JsonNode params,
        JsonNode metadata,
        Integer ttl,
        JsonNode authConfig,
        JsonNode webhooks,
        JsonNode cleanup,
        List<String> tags) implements Command {
}
