package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle a Taskcast client performs, replayed as plain HTTP against a running system, with
 * the exact status codes, bodies and field types Taskcast's clients rely on.
 */
@ExtendWith({EmbeddedStackExtension.class, SharedTaskcast.class})
class ConformanceIT {

    @Test
    void shouldBehaveLikeTaskcastThroughATasksWholeLife(Http http) {
        // create → get
        Http.Response created = http.post("/tasks", "{\"type\":\"conformance\",\"params\":{\"n\":1}}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("status").asString()).isEqualTo("pending");
        assertThat(created.json().has("completedAt")).isFalse();
        assertThat(http.get("/tasks/" + id).json().get("params").toString()).isEqualTo("{\"n\":1}");

        // running → batch publish: the status event took index 0, so user events start at 1
        Http.Response running = http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}");
        assertThat(running.status()).isEqualTo(200);
        assertThat(running.json().get("status").asString()).isEqualTo("running");
        Http.Response published = http.post("/tasks/" + id + "/events",
                "[{\"type\":\"log\",\"data\":{\"line\":1}},{\"type\":\"log\",\"level\":\"warn\",\"data\":{\"line\":2}}]");
        assertThat(published.status()).isEqualTo(201);
        JsonNode events = published.json();
        assertThat(events.isArray()).isTrue();
        assertThat(events.get(0).get("index").asLong()).isEqualTo(1);
        assertThat(events.get(1).get("index").asLong()).isEqualTo(2);
        assertThat(events.get(0).get("level").asString()).isEqualTo("info");
        assertThat(events.get(0).get("timestamp").isIntegralNumber()).isTrue();
        assertThat(events.get(0).get("id").asString()).matches("[0-9A-HJKMNP-TV-Z]{26}");

        // history after index 1 holds only the second user event
        Http.Response history = http.get("/tasks/" + id + "/events/history?since.index=1");
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().size()).isEqualTo(1);
        assertThat(history.json().get(0).get("index").asLong()).isEqualTo(2);
        assertThat(history.json().get(0)).isEqualTo(events.get(1));

        // completed: completedAt set, result kept
        Http.Response completed = http.patch("/tasks/" + id + "/status",
                "{\"status\":\"completed\",\"result\":{\"answer\":42}}");
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.json().get("completedAt").isIntegralNumber()).isTrue();
        assertThat(completed.json().get("result").toString()).isEqualTo("{\"answer\":42}");

        // a finished task takes no events and no transitions
        Http.Response late = http.post("/tasks/" + id + "/events", "{\"type\":\"log\",\"data\":null}");
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.json().get("error").asString())
                .isEqualTo("Cannot publish to task in terminal status: completed");
        Http.Response again = http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asString()).isEqualTo("Invalid transition: completed → running");
    }
}
