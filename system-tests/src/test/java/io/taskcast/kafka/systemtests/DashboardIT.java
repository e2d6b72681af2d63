package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Taskcast's dashboard does, over real HTTP against the whole system: from its own origin it
 * trades the admin token for a JWT ({@code POST /admin/token}), uses it on protected routes, and
 * opens a task's stream — which needs CORS. ({@code CreateAndReadTaskIT} shows both are off in the
 * default app.)
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
            "TASKCAST_ADMIN_API", "true", "TASKCAST_ADMIN_TOKEN", ADMIN_TOKEN, "TASKCAST_CORS_ORIGIN", ORIGIN));

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
