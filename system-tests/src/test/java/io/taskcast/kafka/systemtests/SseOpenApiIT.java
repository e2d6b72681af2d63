package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The SSE routes are functional endpoints; their OpenAPI description comes from the router bean's annotation. */
@ExtendWith({EmbeddedStackExtension.class, SharedTaskcast.class})
class SseOpenApiIT {

    @Test
    void shouldDescribeBothStreamsAsEventStreamsInTheOpenApiDocument(Http http) {
        JsonNode paths = http.get("/openapi.json").json().get("paths");

        JsonNode taskStream = paths.path("/tasks/{taskId}/events").path("get");
        assertThat(taskStream.path("operationId").asString()).isEqualTo("streamTaskEvents");
        assertThat(taskStream.path("responses").path("200").path("content").has("text/event-stream")).isTrue();
        assertThat(taskStream.path("parameters").findValuesAsString("name"))
                .contains("taskId", "types", "since.index", "limit", "Last-Event-ID");
        assertThat(paths.path("/tasks/{taskId}/events").has("post")).as("publishing is still described").isTrue();
        assertThat(paths.path("/events").path("get").path("operationId").asString()).isEqualTo("streamAllEvents");
    }
}
