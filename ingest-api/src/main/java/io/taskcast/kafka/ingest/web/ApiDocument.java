package io.taskcast.kafka.ingest.web;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import io.taskcast.kafka.platform.BuildInfo;
import io.taskcast.kafka.schemas.BlockedRequest;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.archive.TaskArchive;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.util.List;
import java.util.Map;

/**
 * The OpenAPI document's shape (taskcast-extras.md §3): Taskcast's title, a bearer (JWT) scheme on
 * every route but the public ones, each route tagged by area, and every JSON body a named schema
 * under {@code components.schemas}. The routes read and write JSON trees (for precise error
 * messages), so springdoc cannot see their bodies; this table says what they are.
 */
public final class ApiDocument implements OpenApiCustomizer {

    static final String BEARER = "bearerAuth";

    /** A route's body and success answer; {@code request}/{@code answer} name a schema, null for none. */
    private record Route(String tag, boolean open, String request, boolean requestMayBeArray, String status,
                         String answer, boolean answerArray) {
    }

    private static final Map<String, Route> ROUTES = Map.ofEntries(
            Map.entry("POST /tasks", new Route("Tasks", false, "CreateTaskRequest", false, "201", "Task", false)),
            Map.entry("GET /tasks", new Route("Tasks", false, null, false, "200", "TaskList", false)),
            Map.entry("GET /tasks/{taskId}", new Route("Tasks", false, null, false, "200", "Task", false)),
            Map.entry("PATCH /tasks/{taskId}/status",
                    new Route("Tasks", false, "TransitionRequest", false, "200", "Task", false)),
            Map.entry("POST /tasks/{taskId}/resolve",
                    new Route("Tasks", false, "ResolveRequest", false, "200", "Task", false)),
            Map.entry("GET /tasks/{taskId}/request",
                    new Route("Tasks", false, null, false, "200", "BlockedRequest", false)),
            Map.entry("POST /tasks/{taskId}/events",
                    new Route("Events", false, "PublishEventRequest", true, "201", "TaskEvent", false)),
            Map.entry("GET /tasks/{taskId}/events/history",
                    new Route("Events", false, null, false, "200", "TaskEvent", true)),
            Map.entry("GET /tasks/{taskId}/archive",
                    new Route("Tasks", false, null, false, "200", "TaskArchive", false)),
            Map.entry("POST /tasks/import",
                    new Route("Tasks", false, "ImportRequest", false, "200", "ImportResult", false)),
            Map.entry("POST /tasks/{taskId}/storage/release",
                    new Route("Tasks", false, "StorageReleaseRequest", false, "200", "StorageRelease", false)),
            Map.entry("GET /tasks/{taskId}/events", new Route("Events", false, null, false, "200", null, false)),
            Map.entry("GET /events", new Route("Events", false, null, false, "200", null, false)),
            Map.entry("GET /webhooks/failed",
                    new Route("Webhooks", false, null, false, "200", "FailedWebhookList", false)),
            Map.entry("POST /webhooks/failed/{deliveryId}/retry",
                    new Route("Webhooks", false, null, false, "202", null, false)),
            Map.entry("POST /admin/token",
                    new Route("Admin", true, "AdminTokenRequest", false, "200", "AdminToken", false)),
            Map.entry("GET /", new Route("Health", true, null, false, "200", "ServerInfo", false)),
            Map.entry("GET /health", new Route("Health", true, null, false, "200", "Health", false)),
            Map.entry("GET /health/ready", new Route("Health", true, null, false, "200", "Health", false)),
            Map.entry("GET /health/detail", new Route("Health", true, null, false, "200", "Health", false)),
            Map.entry("GET /workers/pull", new Route("Workers", false, null, false, "200", "Task", false)),
            Map.entry("POST /workers/tasks/{taskId}/decline",
                    new Route("Workers", false, "DeclineRequest", false, "200", "DeclineResult", false)));

    private static final List<Class<?>> SCHEMAS = List.of(Task.class, TaskEvent.class, BlockedRequest.class,
            TaskArchive.class,
            ApiSchemas.ErrorResponse.class, ApiSchemas.CreateTaskRequest.class, ApiSchemas.TransitionRequest.class,
            ApiSchemas.PublishEventRequest.class, ApiSchemas.ResolveRequest.class, ApiSchemas.TaskList.class,
            ApiSchemas.FailedWebhookList.class, ApiSchemas.AdminTokenRequest.class, ApiSchemas.AdminToken.class,
            ApiSchemas.ServerInfo.class, ApiSchemas.Health.class, ApiSchemas.ImportRequest.class,
            ApiSchemas.ImportResult.class, ApiSchemas.StorageReleaseRequest.class, ApiSchemas.StorageRelease.class,
            ApiSchemas.DeclineRequest.class, ApiSchemas.DeclineResult.class);

    @Override
    public void customise(OpenAPI api) {
        api.info(new Info().title("Taskcast API").version(BuildInfo.version()).description("Tracks long-running"
                + " tasks and streams their events (SSE, signed webhooks); Taskcast's HTTP API on Apache Kafka."));
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.components(components);
        components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .bearerFormat("JWT")
                .description("A JWT (auth mode jwt); the scopes each route needs are in its text."));
        for (Class<?> type : SCHEMAS) {
            ModelConverters.getInstance(true).readAll(new AnnotatedType(type)).forEach(components::addSchemas);
        }
        api.tags(List.of(tag("Tasks", "Create, read and move tasks"), tag("Events", "Publish, read and stream events"),
                tag("Webhooks", "Deliveries that failed"), tag("Admin", "The admin token exchange"),
                tag("Health", "What the server is and whether it is ready"),
                tag("Workers", "Workers waiting for tasks (workers.enabled)")));
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            Route route = ROUTES.get(method + " " + path);
            if (route != null) {
                describe(operation, route);
            }
            if (path.equals("/workers/pull")) {
                operation.getResponses().addApiResponse("204",
                        new ApiResponse().description("No task was assigned to the worker within timeout"));
            }
        }));
    }

    private static void describe(Operation operation, Route route) {
        operation.setTags(List.of(route.tag()));
        operation.setSecurity(route.open() ? List.of() : List.of(new SecurityRequirement().addList(BEARER)));
        if (route.request() != null) {
            Schema<?> body = route.requestMayBeArray() ? oneOrMany(route.request()) : ref(route.request());
            operation.setRequestBody(new RequestBody().required(true).content(json(body)));
        }
        if (route.answer() == null && !route.status().equals("202")) {
            // the streams: their annotations describe the frames; only the error bodies are added
            if (operation.getResponses() != null) {
                operation.getResponses().forEach((status, response) -> {
                    if (!status.startsWith("2")) {
                        response.content(json(ref("ErrorResponse")));
                    }
                });
            }
            return;
        }
        ApiResponse ok = new ApiResponse().description(route.status().equals("202") ? "Accepted" : "OK");
        if (route.answer() != null) {
            // a route that takes one or many (publish) answers the same way
            Schema<?> answer = route.requestMayBeArray() ? oneOrMany(route.answer())
                    : route.answerArray() ? new ArraySchema().items(ref(route.answer())) : ref(route.answer());
            ok.content(json(answer));
        }
        operation.setResponses(new ApiResponses().addApiResponse(route.status(), ok).addApiResponse("default",
                new ApiResponse().description("An error (4xx, 5xx)").content(json(ref("ErrorResponse")))));
    }

    private static Schema<?> oneOrMany(String name) {
        return new Schema<>().oneOf(List.of(ref(name), new ArraySchema().items(ref(name))));
    }

    private static Schema<?> ref(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }

    private static Content json(Schema<?> schema) {
        return new Content().addMediaType("application/json", new MediaType().schema(schema));
    }

    private static Tag tag(String name, String description) {
        return new Tag().name(name).description(description);
    }
}
