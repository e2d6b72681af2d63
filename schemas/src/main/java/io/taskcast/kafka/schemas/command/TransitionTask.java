package io.taskcast.kafka.schemas.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskcast.kafka.schemas.BlockedRequest;
import io.taskcast.kafka.schemas.TaskError;
import io.taskcast.kafka.schemas.TaskStatus;
import tools.jackson.databind.JsonNode;

/** Moves a task to another status (api.md §2). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransitionTask(
        String commandId,
        String taskId,
        TaskStatus status,
        JsonNode result,
        TaskError error,
        String reason,
        Integer ttl,
        Long resumeAfterMs,
        BlockedRequest blockedRequest) implements Command {
}
