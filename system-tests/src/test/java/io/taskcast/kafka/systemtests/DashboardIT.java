package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.redis.RedisConnections;
import io.taskcast.kafka.platform.redis.RedisKeys;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import io.taskcast.kafka.testkit.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Taskcast's dashboard does, over real HTTP against the whole system: from its own origin it
 * trades the admin token for a JWT ({@code POST /admin/token}), uses it on protected routes, and
 * opens a task's stream — which needs CORS. ({@code CreateAndReadTaskIT} shows both are off in the
 * default app.) And the walk of issue 19's Done-when, a Taskcast client's whole journey over the
 * surface beyond the core.
 */
@ExtendWith(EmbeddedStackExtension.class)
class DashboardIT {

    static final String ORIGIN = "https://dashboard.example.com";
    private static final String SECRET = "a-dashboard-it-secret-long-enough-for-hs256!!";
    private static final String ADMIN_TOKEN = "dashboard-it-admin-token";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final SharedTaskcast DASHBOARD = SharedTaskcast.withEnvironment("dashboard", Map.of(
            "TASKCAST_AUTH_MODE", "jwt", "TASKCAST_JWT_SECRET", SECRET, "TASKCAST_KAFKA_TOPIC_PREFIX", "dashboardit",
            "TASKCAST_ADMIN_API", "true", "TASKCAST_ADMIN_TOKEN", ADMIN_TOKEN, "TASKCAST_CORS_ORIGIN", ORIGIN,
            "TASKCAST_WEBHOOKS_ALLOW_LOOPBACK_TARGETS", "true"));

    private static Http dashboard;

    @BeforeAll
    static void connect(Http http) {
        dashboard = http;
    }

    @Test
    void shouldTradeTheAdminTokenForAJwtThatOpensTheProtectedRoutes() {
        // given: no token, nothing but public routes
        assertThat(dashboard.post("/tasks", "{\"id\":\"dash-1\"}").status()).isEqualTo(401);

        // when
        Http.Response wrong = dashboard.post("/admin/token", "{\"adminToken\":\"guess\"}");
        Http.Response exchanged = dashboard.post("/admin/token", "{\"adminToken\":\"" + ADMIN_TOKEN + "\"}");
        Http.Response readOnly = dashboard.post("/admin/token", "{\"adminToken\":\"" + ADMIN_TOKEN
                + "\",\"scopes\":[\"event:subscribe\"],\"expiresIn\":300}");

        // then
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo("{\"error\":\"Invalid admin token\",\"code\":\"UNAUTHORIZED\"}");
        assertThat(exchanged.status()).isEqualTo(200);
        long now = System.currentTimeMillis() / 1000;
        assertThat(exchanged.json().get("expiresAt").asLong()).isBetween(now + 86_400 - 60, now + 86_400 + 60);
        Http admin = dashboard.withHeader("Authorization", "Bearer " + exchanged.json().get("token").asString());
        assertThat(admin.post("/tasks", "{\"id\":\"dash-1\"}").status()).isEqualTo(201);
        assertThat(admin.get("/tasks/dash-1").status()).isEqualTo(200);
        // and a token with fewer scopes has only those
        Http reader = dashboard.withHeader("Authorization", "Bearer " + readOnly.json().get("token").asString());
        assertThat(reader.get("/tasks/dash-1").status()).isEqualTo(200);
        assertThat(reader.post("/tasks", "{\"id\":\"dash-2\"}").status()).isEqualTo(403);
    }

    @Test
    void shouldAnswerAPreflightAndAStreamFromTheAllowedOriginOnly() throws Exception {
        String token = dashboard.post("/admin/token", "{\"adminToken\":\"" + ADMIN_TOKEN + "\"}").json()
                .get("token").asString();
        Http admin = dashboard.withHeader("Authorization", "Bearer " + token);
        assertThat(admin.post("/tasks", "{\"id\":\"dash-cors\"}").status()).isEqualTo(201);

        // when: the browser's preflight for an SSE request carrying a bearer token and Last-Event-ID
        HttpResponse<String> preflight = preflight(dashboard, ORIGIN, "/tasks/dash-cors/events");
        HttpResponse<String> otherOrigin = preflight(dashboard, "https://evil.example.com", "/tasks/dash-cors/events");
        HttpHeaders stream = streamHeaders(dashboard, "/tasks/dash-cors/events", token, ORIGIN);

        // then
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                .contains("authorization").contains("last-event-id");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("GET");
        assertThat(otherOrigin.statusCode()).isEqualTo(403);
        assertThat(otherOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(stream.firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(stream.firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
    }

    /**
     * Issue 19's black-box walk: admin token → JWT, a task with every optional field, events, SSE
     * with {@code limit}, export, import as a copy, release, the released task read from the
     * archive, and {@code /health/detail} in auth mode jwt with its three adapters ok.
     */
    @Test
    void shouldWalkTaskcastsSurfaceFromTheAdminTokenToAReleasedTask(EmbeddedStack stack) throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(); RedisClient redis = RedisConnections.open(stack.redisUrl())) {
            // the admin token for a JWT
            String token = dashboard.post("/admin/token", "{\"adminToken\":\"" + ADMIN_TOKEN + "\"}").json()
                    .get("token").asString();
            Http admin = dashboard.withHeader("Authorization", "Bearer " + token);

            // a task with every optional field
            String id = "walk-" + UUID.randomUUID();
            Http.Response created = admin.post("/tasks", "{\"id\":\"" + id + "\",\"type\":\"walk.llm\","
                    + "\"params\":{\"prompt\":\"hi\"},\"metadata\":{\"team\":\"red\"},\"ttl\":600,"
                    + "\"authConfig\":{\"rules\":[{\"match\":{\"scope\":[\"event:publish\"]},\"require\":{\"sub\":[\"admin\"]}}]},"
                    + "\"webhooks\":[{\"url\":\"" + receiver.url("/walk") + "\",\"filter\":{\"types\":[\"taskcast:status\"]}}],"
                    + "\"cleanup\":{\"rules\":[{\"target\":\"events\",\"trigger\":{\"afterMs\":86400000}}]},"
                    + "\"tags\":[\"walk\",\"it\"],\"assignMode\":\"external\",\"cost\":2,\"assignedWorker\":\"w-1\","
                    + "\"disconnectPolicy\":\"reassign\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            JsonNode task = created.json();
            for (String field : List.of("params", "metadata", "ttl", "authConfig", "webhooks", "cleanup", "tags",
                    "assignMode", "cost", "assignedWorker", "disconnectPolicy")) {
                assertThat(task.has(field)).as(field).isTrue();
            }

            // publish, then read SSE with limit: the first two events
            assertThat(admin.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
            assertThat(admin.post("/tasks/" + id + "/events", "[{\"type\":\"log\",\"data\":{\"n\":1}},"
                    + "{\"type\":\"llm.delta\",\"seriesId\":\"t\",\"seriesMode\":\"accumulate\",\"data\":{\"delta\":\"Hel\"}},"
                    + "{\"type\":\"llm.delta\",\"seriesId\":\"t\",\"seriesMode\":\"accumulate\",\"data\":{\"delta\":\"lo\"}}]")
                    .status()).isEqualTo(201);
            try (SseClient sse = SseClient.open(dashboard, "/tasks/" + id + "/events?limit=2",
                    "Authorization", "Bearer " + token)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> sse.events().size() >= 2);
                assertThat(sse.events()).extracting(e -> e.get("rawIndex").asLong()).containsExactly(0L, 1L);
            }
            assertThat(admin.patch("/tasks/" + id + "/status", "{\"status\":\"completed\",\"result\":{\"text\":\"Hello\"}}")
                    .status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received("/walk").size() >= 2);

            // export, import as a copy
            JsonNode archive = admin.get("/tasks/" + id + "/archive").json();
            assertThat(archive.get("events").size()).isEqualTo(4);
            String copy = id + "-copy";
            ObjectNode renamed = (ObjectNode) archive.deepCopy();
            ((ObjectNode) renamed.get("task")).put("id", copy);
            renamed.get("events").forEach(e -> ((ObjectNode) e).put("taskId", copy));
            Http.Response imported = admin.post("/tasks/import", "{\"archive\":" + renamed + "}");
            assertThat(imported.status()).as(imported.body()).isEqualTo(200);
            assertThat(imported.json().get("eventCount").asInt()).isEqualTo(4);
            ObjectNode copied = (ObjectNode) admin.get("/tasks/" + copy + "/archive").json();
            copied.remove("exportedAt");
            renamed.remove("exportedAt");
            assertThat(copied).isEqualTo(renamed);

            // release, and read the released task from the archive
            JsonNode before = admin.get("/tasks/" + id).json();
            JsonNode history = admin.get("/tasks/" + id + "/events/history").json();
            Http.Response released = admin.post("/tasks/" + id + "/storage/release",
                    "{\"expectedLastEventIndex\":4,\"inactiveSince\":" + System.currentTimeMillis() + "}");
            assertThat(released.status()).as(released.body()).isEqualTo(200);
            assertThat(released.json().get("released").asBoolean()).isTrue();
            assertThat(released.json().get("storageState").asString()).isEqualTo("cold");
            assertThat(redis.exists(RedisKeys.task(id))).isFalse();
            assertThat(admin.get("/tasks/" + id).json()).isEqualTo(before);
            assertThat(admin.get("/tasks/" + id + "/events/history").json()).isEqualTo(history);

            // and the health detail: jwt, three adapters ok
            JsonNode detail = dashboard.get("/health/detail").json();
            assertThat(detail.get("ok").asBoolean()).isTrue();
            assertThat(detail.get("auth").get("mode").asString()).isEqualTo("jwt");
            assertThat(detail.get("adapters").propertyNames()).containsExactlyInAnyOrder("broadcast", "shortTermStore",
                    "longTermStore");
            detail.get("adapters").forEach(adapter -> assertThat(adapter.get("status").asString()).isEqualTo("ok"));
        }
    }

    static HttpResponse<String> preflight(Http http, String origin, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(http.base() + path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization,last-event-id")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens the stream, keeps only its response headers, and hangs up. */
    static HttpHeaders streamHeaders(Http http, String path, String token, String origin)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.base() + path))
                .header("Accept", "text/event-stream").header("Origin", origin).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.headers();
    }
}
