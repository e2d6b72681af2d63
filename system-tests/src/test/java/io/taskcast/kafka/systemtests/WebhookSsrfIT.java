package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.WebhookReceiver;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With production settings (no loopback or private targets allowed), webhooks aimed at this host,
 * the private network or a cloud metadata endpoint are refused before anything is sent: straight to
 * the dead letters, no retry, and the local receiver never hears a thing.
 */
@ExtendWith(EmbeddedStackExtension.class)
class WebhookSsrfIT {

    @RegisterExtension
    static final SharedTaskcast TASKCAST = SharedTaskcast.withEnvironment("ssrf", Map.of(
            "TASKCAST_KAFKA_TOPIC_PREFIX", "ssrf"));

    @Test
    void shouldRefuseLoopbackPrivateAndMetadataTargets(Http http) {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            // given webhooks to 127.0.0.1, a name resolving to loopback, 10.0.0.1 and the metadata address
            String id = "ssrf-" + UUID.randomUUID();
            String webhooks = "[{\"url\":\"" + receiver.url("/direct") + "\"},"
                    + "{\"url\":\"http://localhost:" + receiver.port() + "/by-name\"},"
                    + "{\"url\":\"http://10.0.0.1/internal\"},"
                    + "{\"url\":\"http://169.254.169.254/latest/meta-data/\"}]";
            assertThat(http.post("/tasks", "{\"id\":\"" + id + "\",\"webhooks\":" + webhooks + "}").status())
                    .isEqualTo(201);

            // when an event goes out
            http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}");

            // then each is dead-lettered after one refused attempt, saying why
            Map<String, JsonNode> failed = await().atMost(Duration.ofSeconds(30))
                    .until(() -> failed(http, id), f -> f.size() == 4);
            assertThat(failed.get("t0").get("reason").asString())
                    .contains("127.0.0.1", "loopback", "taskcast.webhooks.allow-loopback-targets");
            assertThat(failed.get("t1").get("reason").asString()).contains("localhost", "loopback");
            assertThat(failed.get("t2").get("reason").asString())
                    .contains("10.0.0.1", "private", "taskcast.webhooks.allow-private-targets");
            assertThat(failed.get("t3").get("reason").asString()).contains("169.254.169.254", "metadata");
            failed.values().forEach(f -> assertThat(f.get("attempts").asInt()).isEqualTo(1));
            assertThat(receiver.received("/direct")).isEmpty();
            assertThat(receiver.received("/by-name")).isEmpty();
        }
    }

    private static Map<String, JsonNode> failed(Http http, String taskId) {
        Map<String, JsonNode> byWebhook = new HashMap<>();
        for (JsonNode failed : http.get("/webhooks/failed").json().get("failed")) {
            if (failed.get("taskId").asString().equals(taskId)) {
                byWebhook.put(failed.get("webhookKey").asString(), failed);
            }
        }
        return byWebhook;
    }
}
