package io.taskcast.kafka.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * One event of a task (api.md §1). {@code index} is the task's own sequence from 0.
 * {@code seriesSnapshot} is true only on collapsed late-join snapshots.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskEvent(
        String id,
        String taskId,
        long index,
        long timestamp,
        String type,
        Level level,
        @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode data,
        String seriesId,
        SeriesMode seriesMode,
        String seriesAccField,
        Boolean seriesSnapshot) {

    /** JSON null and a missing value are the same thing on the wire; keep one form so records compare equal. */
    public TaskEvent {
        data = data == null ? NullNode.getInstance() : data;
    }

    /** The event type every status change emits. */
    public static final String STATUS_TYPE = "taskcast:status";
    /** The event type a resolve emits after its status event. */
    public static final String RESOLVED_TYPE = "taskcast:resolved";
    /** The event type of a worker assignment's changes: {@code {action: assigned|declined, workerId, ...}}. */
    public static final String AUDIT_TYPE = "taskcast:audit";
}
