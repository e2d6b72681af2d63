package io.taskcast.kafka.schemas.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskcast.kafka.schemas.AssignMode;
import io.taskcast.kafka.schemas.DisconnectPolicy;
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
        List<String> tags,
        AssignMode assignMode,
        Integer cost,
        String assignedWorker,
        DisconnectPolicy disconnectPolicy) implements Command {

    /** A create command without the worker fields. */
    public CreateTask(String commandId, String taskId, String type, JsonNode params, JsonNode metadata, Integer ttl,
                      JsonNode authConfig, JsonNode webhooks, JsonNode cleanup, List<String> tags) {
        this(commandId, taskId, type, params, metadata, ttl, authConfig, webhooks, cleanup, tags, null, null, null,
                null);
    }
}
