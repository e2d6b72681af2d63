package io.taskcast.kafka.ingest.web;

import io.swagger.v3.oas.annotations.media.Schema;
import io.taskcast.kafka.schemas.AssignMode;
import io.taskcast.kafka.schemas.BlockedRequest;
import io.taskcast.kafka.schemas.DisconnectPolicy;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.archive.TaskArchive;
import io.taskcast.kafka.schemas.TaskError;
import io.taskcast.kafka.schemas.TaskStatus;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The request and response bodies of the API as named types, for the OpenAPI document's
 * {@code components.schemas} (taskcast-extras.md §3), so that client generators make usable types.
 * The routes read their bodies field by field (for messages that name the field), so these types
 * describe them and are not used to read them; {@code ApiDocumentIT} checks real answers against them.
 */
final class ApiSchemas {

    private ApiSchemas() {
    }

    @Schema(name = "ErrorResponse", description = "Every error: a message and a stable code")
    record ErrorResponse(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String error,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String code) {
    }

    @Schema(name = "CreateTaskRequest", description = "POST /tasks; every field optional, unknown fields ignored")
    record CreateTaskRequest(String id, String type, JsonNode params, JsonNode metadata, Integer ttl,
                             JsonNode authConfig, List<JsonNode> webhooks, JsonNode cleanup, List<String> tags,
                             AssignMode assignMode, Integer cost, String assignedWorker,
                             DisconnectPolicy disconnectPolicy) {
    }

    @Schema(name = "TransitionRequest", description = "PATCH /tasks/{taskId}/status")
    record TransitionRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) TaskStatus status, JsonNode result,
                             TaskError error, String reason, Integer ttl, Long resumeAfterMs,
                             BlockedRequest blockedRequest) {
    }

    @Schema(name = "PublishEventRequest",
            description = "POST /tasks/{taskId}/events: one of these, or an array of them")
    record PublishEventRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String type, Level level,
                               JsonNode data, String seriesId, SeriesMode seriesMode, String seriesAccField) {
    }

    @Schema(name = "ResolveRequest", description = "POST /tasks/{taskId}/resolve: the answer to the blocked request")
    record ResolveRequest(JsonNode data) {
    }

    @Schema(name = "TaskList", description = "GET /tasks")
    record TaskList(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Task> tasks) {
    }

    @Schema(name = "FailedWebhookList", description = "GET /webhooks/failed")
    record FailedWebhookList(@Schema(requiredMode = Schema.RequiredMode.REQUIRED)
                             List<FailedWebhooksController.FailedView> failed) {
    }

    @Schema(name = "AdminTokenRequest", description = "POST /admin/token")
    record AdminTokenRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String adminToken,
                             List<String> scopes, Long expiresIn) {
    }

    @Schema(name = "AdminToken", description = "A bearer token (empty in auth mode none) and its expiry, unix seconds")
    record AdminToken(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String token,
                      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long expiresAt) {
    }

    @Schema(name = "ServerInfo", description = "GET /")
    record ServerInfo(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
                      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String version,
                      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String apiVersion,
                      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Map<String, String> links) {
    }

    @Schema(name = "Health",
            description = "GET /health, /health/ready and /health/detail (which adds uptime, auth and adapters)")
    record Health(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean ok, String name, String version,
                  String apiVersion, Long uptime, Map<String, String> auth, Map<String, Adapter> adapters,
                  Map<String, Dependency> dependencies) {
    }

    @Schema(name = "HealthAdapter")
    record Adapter(String provider, @Schema(allowableValues = {"ok", "error"}) String status) {
    }

    @Schema(name = "HealthDependency")
    record Dependency(boolean ok, String detail) {
    }

    @Schema(name = "ImportRequest",
            description = "POST /tasks/import: an archive as GET /tasks/{taskId}/archive gives it")
    record ImportRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) TaskArchive archive, Boolean overwrite) {
    }

    @Schema(name = "ImportResult", description = "POST /tasks/import: the imported task's id and event count")
    record ImportResult(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean ok,
                        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String taskId,
                        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int eventCount,
                        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean overwritten) {
    }

    @Schema(name = "StorageReleaseRequest", description = "POST /tasks/{taskId}/storage/release")
    record StorageReleaseRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "-1")
                                 long expectedLastEventIndex,
                                 @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "0",
                                         description = "ms since the epoch") long inactiveSince) {
    }

    @Schema(name = "StorageRelease",
            description = "POST /tasks/{taskId}/storage/release: cold = served from the archive")
    record StorageRelease(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String taskId,
                          @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                                  allowableValues = {"hot", "releasing", "cold"}) String storageState,
                          @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long archiveWatermark,
                          @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean released) {
    }

    @Schema(name = "DeclineRequest", description = "POST /workers/tasks/{taskId}/decline: the worker giving the"
            + " task back; with blacklist it is not offered the task again")
    record DeclineRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String workerId, Boolean blacklist) {
    }

    @Schema(name = "DeclineResult", description = "POST /workers/tasks/{taskId}/decline")
    record DeclineResult(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean ok) {
    }
}
