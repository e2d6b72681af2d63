package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.systemtests.hooks.RecordingHooks;
import io.taskcast.kafka.systemtests.hooks.ThrowingHooks;
import io.taskcast.kafka.platform.hooks.TaskFailed;
import io.taskcast.kafka.platform.hooks.TaskTimedOut;
import io.taskcast.kafka.platform.hooks.WebhookFailed;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hooks registered through {@code META-INF/services} (test resources: {@link ThrowingHooks} first,
 * then {@link RecordingHooks}) hear real task failures, timeouts and refused webhooks of a running
 * app with production settings, and the broken one before them changes nothing.
 */
@ExtendWith(EmbeddedStackExtension.class)
class HooksIT {

    @RegisterExtension
    static final SharedTaskcast TASKCAST = SharedTaskcast.withEnvironment("hooks", Map.of(
            "TASKCAST_KAFKA_TOPIC_PREFIX", "hooks"));

    @Test
    void shouldTellHooksOfAFailedTask(Http http) {
        // given a running task
        String id = "hooks-" + UUID.randomUUID();
        assertThat(http.post("/tasks", "{\"id\":\"" + id + "\",\"type\":\"llm.chat\"}").status()).isEqualTo(201);
        http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}");

        // when it fails
        int status = http.patch("/tasks/" + id + "/status",
                "{\"status\":\"failed\",\"error\":{\"code\":\"LLM_TIMEOUT\",\"message\":\"model took too long\"}}")
                .status();

        // then the failure went through despite the throwing hook, and the recording hook heard it once
        assertThat(status).isEqualTo(200);
        List<TaskFailed> heard = await().atMost(Duration.ofSeconds(20))
                .until(() -> told(TaskFailed.class, id, TaskFailed::taskId), list -> !list.isEmpty());
        assertThat(heard).singleElement().satisfies(f -> {
            assertThat(f.taskType()).isEqualTo("llm.chat");
            assertThat(f.errorCode()).isEqualTo("LLM_TIMEOUT");
            assertThat(f.errorMessage()).isEqualTo("model took too long");
        });
        assertThat(http.get("/tasks/" + id).json().get("status").asString()).isEqualTo("failed");
    }

    @Test
    void shouldTellHooksOfATaskWhoseTtlRanOut(Http http) {
        String id = "hooks-" + UUID.randomUUID();
        assertThat(http.post("/tasks", "{\"id\":\"" + id + "\",\"ttl\":1}").status()).isEqualTo(201);

        List<TaskTimedOut> heard = await().atMost(Duration.ofSeconds(20))
                .until(() -> told(TaskTimedOut.class, id, TaskTimedOut::taskId), list -> !list.isEmpty());

        assertThat(heard).singleElement().extracting(TaskTimedOut::ttlSeconds).isEqualTo(1);
    }

    @Test
    void shouldTellHooksOfAWebhookToARefusedAddress(Http http) {
        // given a task whose webhook points into the private network (refused with production settings)
        String id = "hooks-" + UUID.randomUUID();
        assertThat(http.post("/tasks", "{\"id\":\"" + id + "\",\"webhooks\":[{\"url\":\"http://10.0.0.1/hook?token=s3cret\"}]}")
                .status()).isEqualTo(201);

        // when an event goes out
        http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}");

        // then the hook hears the refused delivery, without the URL's query string
        List<WebhookFailed> heard = await().atMost(Duration.ofSeconds(30))
                .until(() -> told(WebhookFailed.class, id, WebhookFailed::taskId), list -> !list.isEmpty());
        assertThat(heard).singleElement().satisfies(f -> {
            assertThat(f.cause()).isEqualTo(WebhookFailed.Cause.TARGET_REFUSED);
            assertThat(f.attempts()).isEqualTo(1);
            assertThat(f.webhookKey()).isEqualTo("t0");
            assertThat(f.eventType()).isEqualTo("taskcast:status");
            assertThat(f.reason()).contains("10.0.0.1", "private");
            assertThat(f.url()).startsWith("http://10.0.0.1/hook").doesNotContain("s3cret");
        });
        // and the pipeline went on: it is listed for operators as before
        assertThat(http.get("/webhooks/failed").body()).contains(id);
    }

    private static <T> List<T> told(Class<T> type, String taskId, java.util.function.Function<T, String> id) {
        return RecordingHooks.told().stream().filter(type::isInstance).map(type::cast)
                .filter(t -> taskId.equals(id.apply(t))).toList();
    }
}
