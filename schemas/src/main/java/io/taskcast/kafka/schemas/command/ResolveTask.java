package io.taskcast.kafka.schemas.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/** Answers a blocked task's request: blocked → running with the resolution as result. */
public record ResolveTask(
        String commandId,
        String taskId,
        @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode data) implements Command {

    /** JSON null and a missing value are the same thing on the wire; keep one form so records compare equal. */
    public ResolveTask {
        data = data == null ? NullNode.getInstance() : data;
    }
}
