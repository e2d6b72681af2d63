package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first slice end to end over real HTTP: POST /tasks → command on Kafka → processor → Redis →
 * correlated reply → 201; GET /tasks/{id} from Redis; with a real broker, Redis and Postgres.
 */
@ExtendWith({EmbeddedStackExtension.class, SharedTaskcast.class})
class CreateAndReadTaskIT {

    private static Http http;

    @BeforeAll
    static void startTaskcast(Http http) {
        CreateAndReadTaskIT.http = http;
    }

    @Test
    void shouldCreateATaskAndReadItBackFromRedis() {
        // when
        Http.Response created = http.post("/tasks", """
                {"id":"slice-1","type":"llm.chat","params":{"prompt":"hi"},"metadata":{"user":"u1"},
                 "tags":["a","b"],"ttl":60,"unknownField":true}""");
        Http.Response read = http.get("/tasks/slice-1");

        // then
        assertThat(created.status()).isEqualTo(201);
        JsonNode task = created.json();
        assertThat(fieldNames(task)).containsExactlyInAnyOrder(
                "id", "type", "status", "params", "metadata", "tags", "ttl", "createdAt", "updatedAt");
        assertThat(task.get("id").asString()).isEqualTo("slice-1");
        assertThat(task.get("type").asString()).isEqualTo("llm.chat");
        assertThat(task.get("status").asString()).isEqualTo("pending");
        assertThat(task.get("params").toString()).isEqualTo("{\"prompt\":\"hi\"}");
        assertThat(task.get("createdAt").isIntegralNumber()).isTrue();
        assertThat(task.get("updatedAt").asLong()).isEqualTo(task.get("createdAt").asLong());

        assertThat(read.status()).isEqualTo(200);
        JsonNode got = read.json();
        assertThat(got.get("subscriberCount").asLong()).isZero();
        assertThat(got.get("hot").asBoolean()).isFalse();
        ((tools.jackson.databind.node.ObjectNode) got).remove(List.of("subscriberCount", "hot"));
        assertThat(got).isEqualTo(task);
    }

    @Test
    void shouldNotServeTheWorkerRoutesUnlessWorkersAreEnabled() {
        assertThat(http.get("/workers/pull?workerId=w&timeout=10").status()).isEqualTo(404);
        assertThat(http.post("/workers/tasks/t/decline", "{\"workerId\":\"w\"}").status()).isEqualTo(404);
    }

    @Test
    void shouldStoreAndReturnTheWorkerFieldsThroughTransitions() {
        // when
        Http.Response created = http.post("/tasks", """
                {"id":"workerfields-1","tags":["gpu"],"assignMode":"ws-race","cost":2,"assignedWorker":"w-1",
                 "disconnectPolicy":"fail"}""");
        Http.Response running = http.patch("/tasks/workerfields-1/status", "{\"status\":\"running\"}");

        // then
        assertThat(created.status()).isEqualTo(201);
        assertThat(running.status()).isEqualTo(200);
        for (JsonNode task : List.of(created.json(), running.json(), http.get("/tasks/workerfields-1").json())) {
            assertThat(task.get("assignMode").asString()).isEqualTo("ws-race");
            assertThat(task.get("cost").asInt()).isEqualTo(2);
            assertThat(task.get("assignedWorker").asString()).isEqualTo("w-1");
            assertThat(task.get("disconnectPolicy").asString()).isEqualTo("fail");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"assignMode\":\"push\"}             | assignMode must be one of external, pull, ws-offer, ws-race",
            "{\"assignMode\":1}                    | assignMode must be one of external, pull, ws-offer, ws-race",
            "{\"cost\":0}                          | cost must be a positive integer (worker slots)",
            "{\"cost\":1.5}                        | cost must be a positive integer (worker slots)",
            "{\"assignedWorker\":\"\"}              | assignedWorker must be a non-empty string",
            "{\"disconnectPolicy\":\"retry\"}       | disconnectPolicy must be one of reassign, mark, fail",
    })
    void shouldAnswer400NamingABadWorkerField(String body, String problem) {
        Http.Response response = http.post("/tasks", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asString()).isEqualTo(problem);
    }

    @Test
    void shouldGiveATaskWithoutIdAUlid() {
        Http.Response created = http.post("/tasks", "{}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("id").asString()).matches("[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(http.get("/tasks/" + created.json().get("id").asString()).status()).isEqualTo(200);
    }

    @Test
    void shouldAnswer404ForAnUnknownTask() {
        Http.Response response = http.get("/tasks/does-not-exist");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"Task not found\",\"code\":\"TASK_NOT_FOUND\"}");
    }

    @Test
    void shouldAnswer409ForADuplicateId() {
        assertThat(http.post("/tasks", "{\"id\":\"dup-1\"}").status()).isEqualTo(201);

        Http.Response second = http.post("/tasks", "{\"id\":\"dup-1\",\"type\":\"other\"}");

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body()).isEqualTo("{\"error\":\"Task already exists: dup-1\",\"code\":\"TASK_ALREADY_EXISTS\"}");
        assertThat(http.get("/tasks/dup-1").json().has("type")).isFalse();
    }

    @Test
    void shouldAnswer400NamingTheProblem() {
        assertThat(http.post("/tasks", "{not json").json().get("error").asString()).startsWith("Malformed JSON");
        assertThat(http.post("/tasks", "{\"ttl\":-1}").body())
                .isEqualTo("{\"error\":\"ttl must be a positive integer (seconds)\",\"code\":\"INVALID_BODY\"}");
        assertThat(http.post("/tasks", "{\"params\":[1]}").json().get("error").asString())
                .isEqualTo("params must be an object");
        assertThat(http.post("/tasks", "[1]").status()).isEqualTo(400);
    }

    @Test
    void shouldAnswer413ForABodyOverTheLimit() {
        Http.Response response = http.post("/tasks", "{\"params\":{\"blob\":\"" + "a".repeat(1_100_000) + "\"}}");

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("code").asString()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void shouldGiveEveryConcurrentCreateItsOwnTask() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Http.Response>> responses = pool.invokeAll(IntStream.range(0, 100)
                    .mapToObj(i -> (Callable<Http.Response>) () -> http.post("/tasks", "{}")).toList());
            Set<String> ids = new HashSet<>();
            for (Future<Http.Response> f : responses) {
                Http.Response r = f.get();
                assertThat(r.status()).isEqualTo(201);
                ids.add(r.json().get("id").asString());
            }
            assertThat(ids).hasSize(100);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldBeReadyWithEveryDependencyUp() {
        Http.Response ready = http.get("/health/ready");

        assertThat(ready.status()).isEqualTo(200);
        assertThat(fieldNames(ready.json().get("dependencies")))
                .containsExactlyInAnyOrder("kafka", "redis", "postgres", "processor", "archiver", "webhook-worker",
                        "gateway-live", "ingest-replies");
        assertThat(http.get("/health").body()).contains("\"ok\":true").contains("\"apiVersion\":\"v1\"");
    }

    @Test
    void shouldServeNeitherTheAdminApiNorCorsUnlessConfigured() throws Exception {
        assertThat(http.post("/admin/token", "{\"adminToken\":\"anything\"}").body())
                .isEqualTo("{\"error\":\"Not found\",\"code\":\"NOT_FOUND\"}");
        assertThat(http.post("/tasks", "{\"id\":\"no-cors\"}").status()).isEqualTo(201);
        assertThat(DashboardIT.preflight(http, DashboardIT.ORIGIN, "/tasks/no-cors/events").headers()
                .firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(DashboardIT.streamHeaders(http, "/tasks/no-cors/events", null, DashboardIT.ORIGIN)
                .firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void shouldSayWhatItIsAtTheRoot() {
        Http.Response root = http.get("/");

        assertThat(root.status()).isEqualTo(200);
        assertThat(root.json().get("name").asString()).isEqualTo("taskcast");
        assertThat(root.json().get("version").asString()).isNotBlank().isNotEqualTo("unknown");
        assertThat(root.json().get("apiVersion").asString()).isEqualTo("v1");
        assertThat(root.json().get("links").toString()).isEqualTo("{\"health\":\"/health\",\"healthReady\":"
                + "\"/health/ready\",\"healthDetail\":\"/health/detail\",\"openapi\":\"/openapi.json\",\"docs\":\"/docs\"}");
        // and every link answers
        root.json().get("links").forEach(link -> assertThat(http.get(link.asString()).status()).as(link.asString())
                .isIn(200, 302));
    }

    @Test
    void shouldShowTheDetailTaskcastsDoctorReads() {
        Http.Response detail = http.get("/health/detail");

        assertThat(detail.status()).isEqualTo(200);
        JsonNode body = detail.json();
        assertThat(body.get("ok").asBoolean()).isTrue();
        assertThat(body.get("name").asString()).isEqualTo("taskcast");
        assertThat(body.get("apiVersion").asString()).isEqualTo("v1");
        assertThat(body.get("uptime").isIntegralNumber()).isTrue();
        assertThat(body.get("uptime").asLong()).isNotNegative();
        assertThat(body.get("auth").toString()).isEqualTo("{\"mode\":\"none\"}");
        assertThat(body.get("adapters").toString()).isEqualTo("{\"broadcast\":{\"provider\":\"kafka\",\"status\":\"ok\"},"
                + "\"shortTermStore\":{\"provider\":\"redis\",\"status\":\"ok\"},"
                + "\"longTermStore\":{\"provider\":\"postgres\",\"status\":\"ok\"}}");
        assertThat(fieldNames(body.get("dependencies"))).contains("kafka", "redis", "postgres", "processor");
    }

    @Test
    void shouldPublishItsOpenApiDescriptionAndAViewer() {
        Http.Response spec = http.get("/openapi.json");

        assertThat(spec.status()).isEqualTo(200);
        assertThat(spec.json().get("openapi").asString()).startsWith("3.1");
        assertThat(fieldNames(spec.json().get("paths"))).contains("/tasks", "/tasks/{taskId}",
                "/tasks/{taskId}/status", "/tasks/{taskId}/events", "/tasks/{taskId}/events/history",
                "/tasks/{taskId}/resolve", "/tasks/{taskId}/request");
        assertThat(http.get("/docs").status()).isIn(200, 302);
    }

    private static Set<String> fieldNames(JsonNode node) {
        return Set.copyOf(node.propertyNames());
    }
}
