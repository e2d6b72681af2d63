package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Valid commands whose outputs would not fit in a Kafka record (an accumulate series that grows
 * past the limit, a task whose metadata and result together do) are refused with a 413 naming
 * what is too large, their task is left as it was, and the commands after them are processed.
 * Before this was checked such a command failed the processor's transaction every time it was
 * retried, and its partition stopped for good.
 */
@ExtendWith(EmbeddedStackExtension.class)
class OversizedOutputsIT {

    private static final String PREFIX = "oversized";

    @RegisterExtension
    static final SharedTaskcast TASKCAST = SharedTaskcast.withRoles("oversized", List.of("processor", "ingest"),
            Map.of("TASKCAST_KAFKA_TOPIC_PREFIX", PREFIX));

    @Test
    void shouldRefuseAnAccumulateSeriesThatOutgrowsARecordAndGoOnWithTheTask(Http http) {
        // given a running task whose series already holds 400 KB
        String taskId = runningTask(http, "{}");
        assertThat(http.post("/tasks/" + taskId + "/events", delta(400_000)).status()).isEqualTo(201);

        // when another 400 KB delta would make the event record (delta + running value) about 1.2 MB
        Http.Response refused = http.post("/tasks/" + taskId + "/events", delta(400_000));

        // then it is refused with a message naming the series and the limit
        assertThat(refused.status()).as(refused.body()).isEqualTo(413);
        assertThat(refused.json().get("code").asString()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(refused.json().get("error").asString()).contains("series 'text'").contains("1,000,000");
        // and the task goes on: the next small delta follows the first (index 0 is the status event), folded onto it
        Http.Response next = http.post("/tasks/" + taskId + "/events", delta(10));
        assertThat(next.status()).as(next.body()).isEqualTo(201);
        assertThat(next.json().get("index").asLong()).isEqualTo(2);
        Http.Response history = http.get("/tasks/" + taskId + "/events/history?seriesFormat=accumulated");
        JsonNode events = history.json();
        assertThat(events.get(events.size() - 1).get("data").get("delta").asString()).hasSize(400_010);
    }

    @Test
    void shouldRefuseAnEventWhoseOwnRecordWouldBeTooLargeEvenAsTheFirstOfItsSeries(Http http) {
        // given a running task
        String taskId = runningTask(http, "{}");

        // when the first delta of a series is 600 KB: the record carries it twice (delta and running value)
        Http.Response refused = http.post("/tasks/" + taskId + "/events", delta(600_000));

        // then it is refused, and nothing of it was kept (index 0 is the status event)
        assertThat(refused.status()).as(refused.body()).isEqualTo(413);
        Http.Response next = http.post("/tasks/" + taskId + "/events", "{\"type\":\"after\",\"data\":1}");
        assertThat(next.status()).as(next.body()).isEqualTo(201);
        assertThat(next.json().get("index").asLong()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAResultThatMakesTheTaskTooLargeAndLetItCompleteWithASmallerOne(Http http) {
        // given a running task with 700 KB of metadata
        String taskId = runningTask(http, "{\"metadata\":{\"blob\":\"" + "m".repeat(700_000) + "\"}}");

        // when it is completed with a 700 KB result: the task would be about 1.4 MB
        Http.Response refused = http.patch("/tasks/" + taskId + "/status",
                "{\"status\":\"completed\",\"result\":{\"blob\":\"" + "r".repeat(700_000) + "\"}}");

        // then the completion is refused with a clear message, the task stays running
        assertThat(refused.status()).as(refused.body()).isEqualTo(413);
        assertThat(refused.json().get("error").asString()).contains("task").contains("1,000,000");
        assertThat(http.get("/tasks/" + taskId).json().get("status").asString()).isEqualTo("running");
        // and a smaller result completes it
        Http.Response completed = http.patch("/tasks/" + taskId + "/status",
                "{\"status\":\"completed\",\"result\":{\"ok\":true}}");
        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        assertThat(completed.json().get("status").asString()).isEqualTo("completed");
    }

    @Test
    void shouldAnswer413ForABodyWithinTheLimitWhoseCommandIsTooLargeForTheCommandLog(Http http) {
        // given a running task, and a body just under the 1 MiB body limit: with its envelope the command is over 1 MiB
        String taskId = runningTask(http, "{}");
        String prefix = "{\"type\":\"log\",\"data\":\"";
        String body = prefix + "x".repeat(1_048_500 - prefix.length() - 2) + "\"}";

        // when
        Http.Response refused = http.post("/tasks/" + taskId + "/events", body);

        // then it is refused as too large, not reported as an unavailable Kafka to be retried
        assertThat(refused.status()).as(refused.body()).isEqualTo(413);
        assertThat(refused.json().get("code").asString()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(http.post("/tasks/" + taskId + "/events", "{\"type\":\"after\",\"data\":1}").json()
                .get("index").asLong()).isEqualTo(1);
    }

    private static String runningTask(Http http, String createBody) {
        String taskId = "big-" + UUID.randomUUID();
        String body = createBody.equals("{}") ? "{\"id\":\"" + taskId + "\"}"
                : "{\"id\":\"" + taskId + "\"," + createBody.substring(1);
        Http.Response created = http.post("/tasks", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(http.patch("/tasks/" + taskId + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
        return taskId;
    }

    private static String delta(int chars) {
        return "{\"type\":\"llm.delta\",\"seriesId\":\"text\",\"seriesMode\":\"accumulate\",\"data\":{\"delta\":\""
                + "d".repeat(chars) + "\"}}";
    }
}
