package io.taskcast.kafka.systemtests;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document's shape (taskcast-extras.md §3), checked the way a client generator uses it:
 * Taskcast's title, a bearer scheme on the protected routes only, every route tagged by area, and
 * every JSON body a named schema — and the real answers of each route, over real HTTP, valid
 * against the schema the document declares for them.
 */
@ExtendWith(EmbeddedStackExtension.class)
class ApiDocumentIT {

    /** The app of WorkerPullIT, so the worker routes are in the document too. */
    @RegisterExtension
    static final SharedTaskcast TASKCAST = WorkerPullIT.TASKCAST;

    /** networknt 1.5 validates Jackson 2 trees. */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(VersionFlag.V202012);
    private static final Set<String> OPEN = Set.of("GET /", "GET /health", "GET /health/ready", "GET /health/detail",
            "POST /admin/token");

    private static Http http;
    private static com.fasterxml.jackson.databind.JsonNode document;

    @BeforeAll
    static void fetch(Http http) throws Exception {
        ApiDocumentIT.http = http;
        Http.Response response = http.get("/openapi.json");
        assertThat(response.status()).isEqualTo(200);
        document = JSON.readTree(response.body());
    }

    @Test
    void shouldNameTheApiAndItsBearerScheme() {
        assertThat(document.at("/info/title").asText()).isEqualTo("Taskcast API");
        assertThat(document.at("/info/version").asText()).isNotBlank().isNotEqualTo("unknown");
        assertThat(document.at("/components/securitySchemes/bearerAuth/type").asText()).isEqualTo("http");
        assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
        assertThat(document.at("/components/securitySchemes/bearerAuth/bearerFormat").asText()).isEqualTo("JWT");
        assertThat(names(document.at("/components/schemas"))).contains("Task", "TaskEvent", "ErrorResponse",
                "CreateTaskRequest", "TransitionRequest", "PublishEventRequest", "TaskList", "AdminToken", "Health");
    }

    @Test
    void shouldTagEveryRouteAndAskABearerTokenOnlyWhereTaskcastDoes() {
        List<String> problems = new ArrayList<>();
        int operations = 0;
        for (String path : names(document.get("paths"))) {
            for (String method : names(document.get("paths").get(path))) {
                com.fasterxml.jackson.databind.JsonNode operation = document.get("paths").get(path).get(method);
                String route = method.toUpperCase() + " " + path;
                operations++;
                String tag = operation.at("/tags/0").asText();
                if (!Set.of("Tasks", "Events", "Webhooks", "Admin", "Health", "Workers").contains(tag)) {
                    problems.add(route + " is tagged '" + tag + "'");
                }
                boolean bearer = operation.path("security").toString().contains("bearerAuth");
                if (bearer == OPEN.contains(route)) {
                    problems.add(route + (bearer ? " asks for" : " does not ask for") + " a bearer token");
                }
                com.fasterxml.jackson.databind.JsonNode body = operation.at("/requestBody/content/application~1json/schema");
                if (!body.isMissingNode() && !body.toString().contains("#/components/schemas/")) {
                    problems.add(route + " has a request body without a named schema");
                }
            }
        }
        assertThat(operations).as("operations in the document").isGreaterThanOrEqualTo(20);
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldDescribeWhatEachRouteReallyAnswers() throws Exception {
        String id = "openapi-" + System.nanoTime();
        List<String> problems = new ArrayList<>();
        check(problems, "post", "/tasks", "201", http.post("/tasks", "{\"id\":\"" + id + "\",\"type\":\"doc\","
                + "\"params\":{\"a\":[1,{\"b\":null}]},\"tags\":[\"x\"],\"assignMode\":\"pull\",\"cost\":2}"));
        check(problems, "get", "/tasks", "200", http.get("/tasks?status=pending"));
        check(problems, "get", "/tasks/{taskId}", "200", http.get("/tasks/" + id));
        check(problems, "patch", "/tasks/{taskId}/status", "200",
                http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}"));
        check(problems, "post", "/tasks/{taskId}/events", "201", http.post("/tasks/" + id + "/events",
                "{\"type\":\"llm.delta\",\"data\":{\"delta\":\"hi\"},\"seriesId\":\"s\",\"seriesMode\":\"accumulate\"}"));
        check(problems, "post", "/tasks/{taskId}/events", "201", http.post("/tasks/" + id + "/events",
                "[{\"type\":\"log\",\"level\":\"warn\",\"data\":\"text\"},{\"type\":\"log\",\"data\":7}]"));
        check(problems, "get", "/tasks/{taskId}/events/history", "200",
                http.get("/tasks/" + id + "/events/history"));
        check(problems, "patch", "/tasks/{taskId}/status", "200", http.patch("/tasks/" + id + "/status",
                "{\"status\":\"blocked\",\"reason\":\"ask\",\"blockedRequest\":{\"type\":\"approve\",\"data\":{\"q\":1}}}"));
        check(problems, "get", "/tasks/{taskId}/request", "200", http.get("/tasks/" + id + "/request"));
        check(problems, "get", "/tasks/{taskId}/archive", "200", http.get("/tasks/" + id + "/archive"));
        check(problems, "post", "/tasks/{taskId}/resolve", "200",
                http.post("/tasks/" + id + "/resolve", "{\"data\":{\"ok\":true}}"));
        check(problems, "patch", "/tasks/{taskId}/status", "200", http.patch("/tasks/" + id + "/status",
                "{\"status\":\"failed\",\"error\":{\"code\":\"E\",\"message\":\"m\",\"details\":[1]}}"));
        String archive = http.get("/tasks/" + id + "/archive").body();
        check(problems, "post", "/tasks/import", "200", http.post("/tasks/import",
                "{\"archive\":" + archive.replace(id, id + "-copy") + "}"));
        long last = http.get("/tasks/" + id + "/events/history").json().size() - 1;
        check(problems, "post", "/tasks/{taskId}/storage/release", "200", http.post("/tasks/" + id
                + "/storage/release", "{\"expectedLastEventIndex\":" + last + ",\"inactiveSince\":"
                + System.currentTimeMillis() + "}"));
        check(problems, "get", "/webhooks/failed", "200", http.get("/webhooks/failed"));
        String worker = "doc-worker-" + System.nanoTime();
        String pulled = "openapi-pull-" + System.nanoTime();
        http.post("/tasks", "{\"id\":\"" + pulled + "\",\"type\":\"" + pulled + "\",\"assignMode\":\"pull\"}");
        check(problems, "get", "/workers/pull", "200", http.get("/workers/pull?workerId=" + worker
                + "&timeout=20000&taskTypes=" + pulled));
        check(problems, "post", "/workers/tasks/{taskId}/decline", "200", http.post("/workers/tasks/" + pulled
                + "/decline", "{\"workerId\":\"" + worker + "\",\"blacklist\":true}"));
        check(problems, "get", "/", "200", http.get("/"));
        check(problems, "get", "/health", "200", http.get("/health"));
        check(problems, "get", "/health/ready", "200", http.get("/health/ready"));
        check(problems, "get", "/health/detail", "200", http.get("/health/detail"));
        // and the errors
        check(problems, "get", "/tasks/{taskId}", "404", http.get("/tasks/" + id + "-missing"));
        check(problems, "post", "/tasks", "409", http.post("/tasks", "{\"id\":\"" + id + "\"}"));
        check(problems, "post", "/admin/token", "404", http.post("/admin/token", "{\"adminToken\":\"x\"}"));

        assertThat(problems).isEmpty();
    }

    private static void check(List<String> problems, String method, String path, String status, Http.Response response)
            throws Exception {
        String route = method.toUpperCase() + " " + path;
        if (!String.valueOf(response.status()).equals(status)) {
            problems.add(route + " answered " + response.status() + ", not " + status + ": " + response.body());
            return;
        }
        com.fasterxml.jackson.databind.JsonNode responses = document.get("paths").get(path).get(method).get("responses");
        com.fasterxml.jackson.databind.JsonNode declared = responses.has(status) ? responses.get(status) : responses.get("default");
        com.fasterxml.jackson.databind.JsonNode schema = declared == null ? null
                : declared.at("/content/application~1json/schema");
        if (schema == null || schema.isMissingNode()) {
            problems.add(route + " declares no JSON schema for " + status);
            return;
        }
        ObjectNode root = ((ObjectNode) schema.deepCopy()).set("components", document.get("components"));
        Set<ValidationMessage> errors = SCHEMAS.getSchema(root).validate(JSON.readTree(response.body()));
        errors.forEach(e -> problems.add(route + " " + status + ": " + e.getMessage() + " in " + response.body()));
    }

    private static Set<String> names(com.fasterxml.jackson.databind.JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
