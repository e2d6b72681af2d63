package io.taskcast.kafka.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * A task as the API shows it (api.md §1). Absent optional fields are omitted, never null.
 * Free-form parts ({@code params}, {@code result}, {@code metadata}, {@code authConfig},
 * {@code webhooks}, {@code cleanup}) stay JSON trees: the system stores and returns them as given.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Task(
        String id,
        String type,
        TaskStatus status,
        JsonNode params,
        JsonNode result,
        TaskError error,
        JsonNode metadata,
        long createdAt,
        long updatedAt,
        Long completedAt,
        Integer ttl,
        JsonNode authConfig,
        JsonNode webhooks,
        JsonNode cleanup,
        List<String> tags,
        String reason,
        Long resumeAt,
        BlockedRequest blockedRequest,
        AssignMode assignMode,
        Integer cost,
        String assignedWorker,
        DisconnectPolicy disconnectPolicy) {

    /** A task without the worker fields ({@code assignMode}, {@code cost}, {@code assignedWorker}, {@code disconnectPolicy}). */
    public Task(String id, String type, TaskStatus status, JsonNode params, JsonNode result, TaskError error,
                JsonNode metadata, long createdAt, long updatedAt, Long completedAt, Integer ttl, JsonNode authConfig,
                JsonNode webhooks, JsonNode cleanup, List<String> tags, String reason, Long resumeAt,
                BlockedRequest blockedRequest) {
        this(id, type, status, params, result, error, metadata, createdAt, updatedAt, completedAt, ttl, authConfig,
                webhooks, cleanup, tags, reason, resumeAt, blockedRequest, null, null, null, null);
    }

    /** A new pending task, as a create command makes it. */
    public static Task created(String id, String type, JsonNode params, JsonNode metadata, Integer ttl,
                               JsonNode authConfig, JsonNode webhooks, JsonNode cleanup, List<String> tags,
                               long now) {
        return new Task(id, type, TaskStatus.PENDING, params, null, null, metadata, now, now, null, ttl,
                authConfig, webhooks, cleanup, tags, null, null, null);
    }

    /** This task {@code status} and held by {@code worker} (null: nobody) from {@code now}, with {@code nextMetadata}. */
    public Task withWorker(TaskStatus nextStatus, String worker, JsonNode nextMetadata, long now) {
        return new Task(id, type, nextStatus, params, result, error, nextMetadata, createdAt, now, completedAt, ttl,
                authConfig, webhooks, cleanup, tags, reason, resumeAt, blockedRequest, assignMode, cost, worker,
                disconnectPolicy);
    }

    /** This task with the worker fields a create command gave it. */
    public Task withAssignment(AssignMode assignMode, Integer cost, String assignedWorker,
                               DisconnectPolicy disconnectPolicy) {
        return new Task(id, type, status, params, result, error, metadata, createdAt, updatedAt, completedAt, ttl,
                authConfig, webhooks, cleanup, tags, reason, resumeAt, blockedRequest, assignMode, cost,
                assignedWorker, disconnectPolicy);
    }
}
