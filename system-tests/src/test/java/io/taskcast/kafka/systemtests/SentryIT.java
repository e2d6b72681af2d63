package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import io.taskcast.kafka.testkit.FreePort;
import io.taskcast.kafka.testkit.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sentry through its official SDK (taskcast-extras.md §9), against a local HTTP server standing in
 * for Sentry: with {@code SENTRY_DSN} set, a task that fails, a task that times out and a webhook
 * delivery given up each arrive as an event with Taskcast's message and tags, and no envelope holds
 * the JWT secret, the admin token or the webhook's signing secret.
 */
@ExtendWith(EmbeddedStackExtension.class)
class SentryIT {

    private static final String JWT_SECRET = "sentry-it-jwt-" + UUID.randomUUID() + "-long-enough";
    private static final String ADMIN_TOKEN = "sentry-it-admin-" + UUID.randomUUID();
    private static final String WEBHOOK_SECRET = "whsec-sentry-" + UUID.randomUUID();
    private static final String ENVELOPES = "/api/42/envelope/";

    @Test
    void shouldReportAFailedTaskATimeoutAndADeadLetteredWebhookWithoutASecret(EmbeddedStack stack) throws Exception {
        try (WebhookReceiver sentry = new WebhookReceiver(); WebhookReceiver hooks = new WebhookReceiver()) {
            sentry.on(ENVELOPES, envelope -> 200);
            hooks.on("/down", attempt -> 500);
            int port = FreePort.next();
            String dsn = "http://publickey@127.0.0.1:" + sentry.port() + "/42";
            try (TaskcastProcess taskcast = TaskcastProcess.start(Map.of("SENTRY_DSN", dsn,
                            "TASKCAST_AUTH_MODE", "jwt", "TASKCAST_JWT_SECRET", JWT_SECRET,
                            "TASKCAST_ADMIN_API", "true", "TASKCAST_ADMIN_TOKEN", ADMIN_TOKEN,
                            "TASKCAST_KAFKA_TOPIC_PREFIX", "sentryit", "TASKCAST_WEBHOOKS_ALLOW_LOOPBACK_TARGETS", "true"),
                    List.of(), "run", "--port", String.valueOf(port), "--kafka", stack.kafkaBootstrapServers(),
                    "--redis-url", stack.redisUrl(), "--postgres-url", stack.postgresUrl(),
                    "--state-dir", Path.of("target", "it-sentry-" + port).toString())) {
                taskcast.awaitReady(Duration.ofSeconds(90));
                Http anonymous = new Http(port);
                String token = anonymous.post("/admin/token", "{\"adminToken\":\"" + ADMIN_TOKEN + "\"}").json()
                        .get("token").asString();
                Http http = anonymous.withHeader("Authorization", "Bearer " + token);
                String failing = "sentry-fail-" + UUID.randomUUID();
                String slow = "sentry-ttl-" + UUID.randomUUID();
                String hooked = "sentry-hook-" + UUID.randomUUID();

                // when: a task fails, one times out, and one's webhook is given up
                assertThat(http.post("/tasks", "{\"id\":\"" + failing + "\",\"type\":\"llm.chat\"}").status()).isEqualTo(201);
                assertThat(http.patch("/tasks/" + failing + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
                assertThat(http.patch("/tasks/" + failing + "/status", "{\"status\":\"failed\",\"error\":"
                        + "{\"code\":\"E_MODEL\",\"message\":\"the model broke\"}}").status()).isEqualTo(200);
                assertThat(http.post("/tasks", "{\"id\":\"" + slow + "\",\"ttl\":1}").status()).isEqualTo(201);
                assertThat(http.post("/tasks", "{\"id\":\"" + hooked + "\",\"webhooks\":[{\"url\":\""
                        + hooks.url("/down") + "\",\"secret\":\"" + WEBHOOK_SECRET + "\",\"retry\":{\"retries\":0}}]}")
                        .status()).isEqualTo(201);
                assertThat(http.patch("/tasks/" + hooked + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);

                // then
                await().atMost(Duration.ofSeconds(60)).until(() -> event(sentry, "Task failed [" + failing + "]: the model broke")
                        .isPresent() && event(sentry, "Task timed out [" + slow + "]").isPresent()
                        && events(sentry).stream().anyMatch(e -> e.path("tags").path("taskId").asString("").equals(hooked)));
                JsonNode failed = event(sentry, "Task failed [" + failing + "]: the model broke").orElseThrow();
                assertThat(failed.get("level").asString()).isEqualTo("error");
                assertThat(failed.get("tags").get("taskId").asString()).isEqualTo(failing);
                assertThat(failed.get("tags").get("status").asString()).isEqualTo("failed");
                assertThat(failed.get("tags").get("errorCode").asString()).isEqualTo("E_MODEL");
                assertThat(failed.get("extra").get("error").asString()).contains("the model broke");
                JsonNode timedOut = event(sentry, "Task timed out [" + slow + "]").orElseThrow();
                assertThat(timedOut.get("level").asString()).isEqualTo("warning");
                assertThat(timedOut.get("tags").get("status").asString()).isEqualTo("timeout");
                JsonNode webhook = events(sentry).stream()
                        .filter(e -> e.path("tags").path("taskId").asString("").equals(hooked)).findFirst().orElseThrow();
                assertThat(message(webhook)).startsWith("Webhook delivery failed");
                assertThat(webhook.get("tags").get("webhookUrl").asString()).isEqualTo(hooks.url("/down"));
                // and no secret in anything sent to Sentry
                for (WebhookReceiver.Received envelope : sentry.received(ENVELOPES)) {
                    String text = decoded(envelope);
                    for (String secret : List.of(JWT_SECRET, ADMIN_TOKEN, WEBHOOK_SECRET)) {
                        assertThat(text).as("an envelope sent to Sentry").doesNotContain(secret);
                    }
                }
            }
        }
    }

    private static Optional<JsonNode> event(WebhookReceiver sentry, String message) {
        return events(sentry).stream().filter(e -> message.equals(message(e))).findFirst();
    }

    private static String message(JsonNode event) {
        JsonNode message = event.path("message");
        return message.isString() ? message.asString() : message.path("formatted").asString(message.path("message").asString(""));
    }

    /** The event items of every envelope received: a header line, then item header and payload lines. */
    private static List<JsonNode> events(WebhookReceiver sentry) {
        List<JsonNode> events = new ArrayList<>();
        for (WebhookReceiver.Received envelope : sentry.received(ENVELOPES)) {
            String[] lines = decoded(envelope).split("\n");
            for (int i = 1; i + 1 < lines.length; i += 2) {
                JsonNode header = Json.mapper().readTree(lines[i]);
                if ("event".equals(header.path("type").asString(""))) {
                    events.add(Json.mapper().readTree(lines[i + 1]));
                }
            }
        }
        return events;
    }

    private static String decoded(WebhookReceiver.Received envelope) {
        try {
            byte[] body = "gzip".equalsIgnoreCase(envelope.header("content-encoding"))
                    ? new GZIPInputStream(new ByteArrayInputStream(envelope.body())).readAllBytes() : envelope.body();
            return new String(body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
