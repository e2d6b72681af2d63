package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-task and global SSE streams of a running system read by a real HTTP client (api.md §3, §6):
 * replay then live with filters, late-join collapse, resume by since.* and Last-Event-ID, done on
 * terminal status, errors before the stream opens, and the subscriber count.
 */
@ExtendWith({EmbeddedStackExtension.class, SharedTaskcast.class})
class SseStreamsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Http http;

    @BeforeAll
    static void start(Http http) {
        SseStreamsIT.http = http;
    }

    @Test
    void shouldReplayThenStreamLiveEventsThroughTheFilterAndEndWithDoneEvenIfStatusIsHidden() {
        // given: running (0), log info (1), metric (2), log debug (3), log error (4)
        String id = newTask("filter");
        patchStatus(id, "running");
        publish(id, "[{\"type\":\"log\",\"data\":1},{\"type\":\"metric\",\"data\":2},"
                + "{\"type\":\"log\",\"level\":\"debug\",\"data\":3},{\"type\":\"log\",\"level\":\"error\",\"data\":4}]");

        try (SseClient sse = SseClient.open(http, "/tasks/" + id + "/events?types=log&levels=info,debug&includeStatus=false")) {
            await().atMost(WAIT).until(() -> sse.events().size() == 2);

            // when: live events, then completion
            publish(id, "[{\"type\":\"metric\",\"data\":5},{\"type\":\"log\",\"data\":6},{\"type\":\"log\",\"level\":\"error\",\"data\":7}]");
            publish(id, "{\"type\":\"log\",\"level\":\"debug\",\"data\":8}");
            patchStatus(id, "completed");

            // then
            await().atMost(WAIT).until(sse::ended);
            assertThat(sse.events()).extracting(e -> e.get("rawIndex").asLong() + "/" + e.get("filteredIndex").asLong()
                    + "/" + e.get("data").asInt()).containsExactly("1/0/1", "3/1/3", "6/2/6", "8/3/8");
            assertThat(sse.doneReason()).isEqualTo("completed");
            JsonNode first = sse.events().get(0);
            assertThat(first.get("taskId").asString()).isEqualTo(id);
            assertThat(first.get("type").asString()).isEqualTo("log");
            assertThat(first.get("level").asString()).isEqualTo("info");
            assertThat(sse.frames().stream().filter(f -> "taskcast.event".equals(f.event())).findFirst().orElseThrow().id())
                    .isEqualTo(first.get("eventId").asString());
            assertThat(sse.contentType()).startsWith("text/event-stream");
        }
    }

    @Test
    void shouldCollapseChunksIntoOneSnapshotThenStreamLiveDeltasOrRunningTotals() {
        // given: chunk1..chunk5 of one accumulate series
        String id = newTask("collapse");
        for (int n = 1; n <= 5; n++) {
            publish(id, chunk(n));
        }

        try (SseClient deltas = SseClient.open(http, "/tasks/" + id + "/events");
             SseClient totals = SseClient.open(http, "/tasks/" + id + "/events?seriesFormat=accumulated")) {
            await().atMost(WAIT).until(() -> deltas.events().size() == 1 && totals.events().size() == 1);

            // when
            publish(id, chunk(6));

            // then
            await().atMost(WAIT).until(() -> deltas.events().size() == 2 && totals.events().size() == 2);
            for (SseClient sse : List.of(deltas, totals)) {
                JsonNode snapshot = sse.events().get(0);
                assertThat(snapshot.get("data")).isEqualTo(json("{\"delta\":\"chunk1chunk2chunk3chunk4chunk5\"}"));
                assertThat(snapshot.get("seriesSnapshot").asBoolean()).isTrue();
                assertThat(snapshot.get("rawIndex").asLong()).isEqualTo(4);
                assertThat(snapshot.get("filteredIndex").asLong()).isEqualTo(0);
                assertThat(sse.events().get(1).get("filteredIndex").asLong()).isEqualTo(1);
                assertThat(sse.events().get(1).get("rawIndex").asLong()).isEqualTo(5);
            }
            assertThat(deltas.events().get(1).get("data")).isEqualTo(json("{\"delta\":\"chunk6\"}"));
            assertThat(totals.events().get(1).get("data"))
                    .isEqualTo(json("{\"delta\":\"chunk1chunk2chunk3chunk4chunk5chunk6\"}"));
        }
    }

    @Test
    void shouldResumeAfterSinceIndexSinceIdAndLastEventIdWithAndWithoutFilters() {
        // given: step0 (0), note (1), step1 (2), note (3), step2 (4)
        String id = newTask("resume");
        JsonNode e = publish(id, "[{\"type\":\"step\",\"data\":0},{\"type\":\"note\",\"data\":1},"
                + "{\"type\":\"step\",\"data\":2},{\"type\":\"note\",\"data\":3},{\"type\":\"step\",\"data\":4}]");
        String base = "/tasks/" + id + "/events";

        try (SseClient byFilteredIndex = SseClient.open(http, base + "?types=step&since.index=0");
             SseClient byRawIndexNoFilter = SseClient.open(http, base + "?since.index=2");
             SseClient byId = SseClient.open(http, base + "?types=step&since.id=" + e.get(1).get("id").asString());
             SseClient byLastEventId = SseClient.open(http, base + "?since.id=" + e.get(0).get("id").asString(),
                     "Last-Event-ID", e.get(3).get("id").asString());
             SseClient unknownId = SseClient.open(http, base, "Last-Event-ID", "01ARZ3NDEKTSV4RRFFQ69G5FAV")) {
            // when: one more step live, then the end
            publish(id, "{\"type\":\"step\",\"data\":5}");
            patchStatus(id, "running");
            patchStatus(id, "completed");

            // then: rawIndex/filteredIndex of each stream
            for (SseClient sse : List.of(byFilteredIndex, byRawIndexNoFilter, byId, byLastEventId, unknownId)) {
                await().atMost(WAIT).until(sse::ended);
                assertThat(sse.doneReason()).isEqualTo("completed");
            }
            assertThat(indexes(byFilteredIndex)).containsExactly("2/1", "4/2", "5/3");
            assertThat(indexes(byRawIndexNoFilter)).containsExactly("3/3", "4/4", "5/5", "6/6", "7/7");
            assertThat(indexes(byId)).containsExactly("2/1", "4/2", "5/3");
            assertThat(indexes(byLastEventId)).containsExactly("4/4", "5/5", "6/6", "7/7");
            assertThat(indexes(unknownId)).containsExactly("0/0", "1/1", "2/2", "3/3", "4/4", "5/5", "6/6", "7/7");
        }
    }

    @Test
    void shouldReplayOnlyTheFirstNMatchingEventsForLimitLikeHistoryThenStreamLiveFromConnect() {
        String id = newTask("limit");
        publish(id, "[{\"type\":\"a\",\"data\":0},{\"type\":\"a\",\"data\":1},{\"type\":\"a\",\"data\":2}]");

        try (SseClient sse = SseClient.open(http, "/tasks/" + id + "/events?limit=2")) {
            await().atMost(WAIT).until(() -> sse.events().size() == 2);
            publish(id, "{\"type\":\"a\",\"data\":3}");

            // event 2 existed at connect but is past the limit: Taskcast does not send it either
            await().atMost(WAIT).until(() -> sse.events().size() == 3);
            assertThat(indexes(sse)).containsExactly("0/0", "1/1", "3/3");
            // and the history's limit picks the same two events
            List<String> history = new ArrayList<>();
            http.get("/tasks/" + id + "/events/history?limit=2").json().forEach(e -> history.add(e.get("id").asString()));
            assertThat(sse.events().subList(0, 2).stream().map(e -> e.get("eventId").asString()).toList())
                    .isEqualTo(history);
        }
    }

    @Test
    void shouldReplayATerminalTaskThenSendDoneAndClose() {
        // given
        String id = newTask("terminal");
        patchStatus(id, "running");
        publish(id, "{\"type\":\"log\",\"data\":\"x\"}");
        patchStatus(id, "failed");

        // when
        try (SseClient sse = SseClient.open(http, "/tasks/" + id + "/events?wrap=false")) {
            // then: bare events, then done
            await().atMost(WAIT).until(sse::ended);
            assertThat(sse.events()).extracting(e -> e.get("index").asLong() + "/" + e.get("type").asString())
                    .containsExactly("0/taskcast:status", "1/log", "2/taskcast:status");
            assertThat(sse.events().get(0).has("filteredIndex")).isFalse();
            assertThat(sse.doneReason()).isEqualTo("failed");
            assertThat(sse.frames().get(sse.frames().size() - 1).event()).isEqualTo("taskcast.done");
        }
    }

    @Test
    void shouldStreamAPendingTaskUntilItCompletes() {
        // given: a pending task without events
        String id = newTask("pending");
        try (SseClient sse = SseClient.open(http, "/tasks/" + id + "/events")) {
            await().atMost(WAIT).until(() -> subscriberCount(id) == 1);
            // the stream is open although there is nothing to replay: a keepalive comment came first
            await().atMost(WAIT).until(() -> !sse.frames().isEmpty());
            assertThat(sse.frames().get(0).comment()).isEqualTo("keepalive");

            // when
            patchStatus(id, "running");
            publish(id, "{\"type\":\"log\",\"data\":\"hello\"}");
            patchStatus(id, "completed");

            // then
            await().atMost(WAIT).until(sse::ended);
            assertThat(sse.events()).extracting(e -> e.get("type").asString() + ":" + e.get("data"))
                    .containsExactly("taskcast:status:{\"status\":\"running\"}", "log:\"hello\"",
                            "taskcast:status:{\"status\":\"completed\"}");
            assertThat(sse.doneReason()).isEqualTo("completed");
        }
    }

    @Test
    void shouldAnswer404WithTheErrorBodyBeforeTheStreamOpens() {
        String id = "sse-missing-" + UUID.randomUUID();

        try (SseClient sse = SseClient.open(http, "/tasks/" + id + "/events")) {
            await().atMost(WAIT).until(sse::ended);
            assertThat(sse.status()).isEqualTo(404);
            assertThat(sse.contentType()).startsWith("application/json");
            assertThat(json(sse.body())).isEqualTo(json(
                    "{\"error\":\"Task not found\",\"code\":\"TASK_NOT_FOUND\"}"));
        }
    }

    @Test
    void shouldAnswer400ForAnUnknownLevelBeforeTheStreamOpens() {
        String id = newTask("bad-query");
        try (SseClient sse = SseClient.open(http, "/tasks/" + id + "/events?levels=loud")) {
            await().atMost(WAIT).until(sse::ended);
            assertThat(sse.status()).isEqualTo(400);
            assertThat(json(sse.body()).get("code").asString()).isEqualTo("INVALID_QUERY");
        }
    }

    @Test
    void shouldReportOneSubscriberWhileAStreamIsOpenAndNoneAfterItCloses() {
        // given
        String id = newTask("count");
        assertThat(subscriberCount(id)).isZero();

        // when / then
        SseClient sse = SseClient.open(http, "/tasks/" + id + "/events");
        await().atMost(WAIT).until(() -> subscriberCount(id) == 1);
        assertThat(http.get("/tasks/" + id).json().get("hot").asBoolean()).isTrue();
        sse.close();
        await().atMost(WAIT).until(() -> subscriberCount(id) == 0);
        assertThat(http.get("/tasks/" + id).json().get("hot").asBoolean()).isFalse();
    }

    @Test
    void shouldStreamEveryTasksNewEventsOnTheGlobalStreamWithItsOwnNumbering() {
        // given
        String type = "global-" + UUID.randomUUID();
        String first = newTask("global-a");
        String second = newTask("global-b");

        try (SseClient sse = SseClient.open(http, "/events?types=" + type)) {
            assertThat(sse.status()).isEqualTo(200);
            // when
            publish(first, "{\"type\":\"" + type + "\",\"data\":\"a\"}");
            publish(second, "[{\"type\":\"other\",\"data\":\"x\"},{\"type\":\"" + type + "\",\"data\":\"b\"}]");

            // then
            await().atMost(WAIT).until(() -> sse.events().size() == 2);
            assertThat(sse.events()).extracting(e -> e.get("taskId").asString() + "/" + e.get("filteredIndex").asLong()
                    + "/" + e.get("data").asString()).containsExactly(first + "/0/a", second + "/1/b");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static List<String> indexes(SseClient sse) {
        return sse.events().stream().map(e -> e.get("rawIndex").asLong() + "/" + e.get("filteredIndex").asLong()).toList();
    }

    private static long subscriberCount(String id) {
        Http.Response task = http.get("/tasks/" + id);
        assertThat(task.status()).as(task.body()).isEqualTo(200);
        return task.json().get("subscriberCount").asLong();
    }

    private static String chunk(int n) {
        return "{\"type\":\"llm.delta\",\"seriesId\":\"answer\",\"seriesMode\":\"accumulate\",\"data\":{\"delta\":\"chunk"
                + n + "\"}}";
    }

    static String newTask(String label) {
        String id = "sse-" + label + "-" + UUID.randomUUID();
        Http.Response created = http.post("/tasks", "{\"id\":\"" + id + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return id;
    }

    private static void patchStatus(String id, String status) {
        Http.Response response = http.patch("/tasks/" + id + "/status", "{\"status\":\"" + status + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private static JsonNode publish(String id, String body) {
        Http.Response response = http.post("/tasks/" + id + "/events", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private static JsonNode json(String text) {
        return Json.mapper().readTree(text);
    }
}
