package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Query strings and headers far beyond any real client's (a 100 KB {@code types} filter, a 100 KB
 * {@code Last-Event-ID}) are refused with a 4xx before any work is done, on the SSE stream and the
 * history alike, and the server goes on serving the same task normally.
 */
@ExtendWith({EmbeddedStackExtension.class, SharedTaskcast.class})
class OversizedRequestIT {

    private static final String HUGE_TYPES = "a.*,".repeat(25_000);

    @Test
    void shouldRefuseA100KbQueryOrHeaderWithA4xxAndKeepServing(Http http) {
        // given
        String id = "oversized-" + UUID.randomUUID();
        assertThat(http.post("/tasks", "{\"id\":\"" + id + "\"}").status()).isEqualTo(201);

        // when / then
        assertThat(streamStatus(http, "/tasks/" + id + "/events?types=" + HUGE_TYPES)).as("SSE query")
                .isIn(400, 414, 431);
        assertThat(streamStatus(http, "/events?types=" + HUGE_TYPES)).as("global SSE query").isIn(400, 414, 431);
        assertThat(http.get("/tasks/" + id + "/events/history?types=" + HUGE_TYPES).status()).as("history query")
                .isIn(400, 414, 431);
        assertThat(http.withHeader("Last-Event-ID", "x".repeat(100_000)).get("/tasks/" + id + "/events/history")
                .status()).as("huge header").isIn(400, 431);

        // and the same task is served as usual afterwards
        assertThat(http.post("/tasks/" + id + "/events", "{\"type\":\"a.b\",\"data\":1}").status()).isEqualTo(201);
        assertThat(http.get("/tasks/" + id + "/events/history?types=a.*").json()).hasSize(1);
        try (SseClient stream = SseClient.open(http, "/tasks/" + id + "/events?types=a.*")) {
            assertThat(stream.status()).isEqualTo(200);
        }
        assertThat(http.get("/health/ready").status()).isEqualTo(200);
    }

    /** Through an SSE client, so a stream that wrongly opens fails the test at once instead of hanging it. */
    private static int streamStatus(Http http, String path) {
        try (SseClient stream = SseClient.open(http, path)) {
            return stream.status();
        }
    }
}
