package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read routes through the REST API of a running system (api.md §3–§5): event history with its
 * cursors, limit, series formats and filters; the task list; the blocked request; and the errors
 * of each. Every task is created here with a unique id, as the system is shared with other IT classes.
 */
@ExtendWith({EmbeddedStackExtension.class, SharedTaskcast.class})
class QueryRoutesIT {

    private static Http http;

    @BeforeAll
    static void start(Http http) {
        QueryRoutesIT.http = http;
    }

    // ---------------------------------------------------------------- history: whole, cursors, limit

    @Test
    void shouldReturnEveryEventAsStoredIncludingStatusEventsWhenHistoryHasNoParameters() {
        // given: status event, one single publish, one batch publish, terminal status event
        String id = newTask("all");
        patchStatus(id, "{\"status\":\"running\"}");
        JsonNode log = publish(id, "{\"type\":\"log\",\"level\":\"debug\",\"data\":{\"n\":1}}");
        JsonNode batch = publish(id, "[{\"type\":\"log\",\"data\":null},{\"type\":\"metric\",\"level\":\"error\",\"data\":[1,2]}]");
        patchStatus(id, "{\"status\":\"completed\",\"result\":{\"answer\":42}}");

        // when
        Http.Response history = http.get("/tasks/" + id + "/events/history");

        // then
        assertThat(history.status()).isEqualTo(200);
        JsonNode events = history.json();
        assertThat(events.size()).isEqualTo(5);
        assertThat(events).isEqualTo(array(
                statusEvent(id, 0, events.get(0), "{\"status\":\"running\"}"),
                log, batch.get(0), batch.get(1),
                statusEvent(id, 4, events.get(4), "{\"status\":\"completed\",\"result\":{\"answer\":42}}")));
        assertThat(log.get("index").asLong()).isEqualTo(1);
        assertThat(batch.get(0).get("level").asString()).isEqualTo("info");
        assertThat(events.get(0).get("timestamp").asLong()).isLessThanOrEqualTo(log.get("timestamp").asLong());
    }

    @Test
    void shouldReturnOnlyEventsWithAGreaterIndexForSinceIndex() {
        // given
        String id = newTask("since-index");
        List<JsonNode> e = publishSeparately(id, 4);

        // when / then
        assertThat(historyJson(id, "since.index=1")).isEqualTo(array(e.get(2), e.get(3)));
        assertThat(historyJson(id, "since.index=3")).isEqualTo(array());
        assertThat(historyJson(id, "since.index=-1")).isEqualTo(array(e.toArray(JsonNode[]::new)));
    }

    @Test
    void shouldReturnTheEventsAfterAMiddleEventForSinceId() {
        // given
        String id = newTask("since-id");
        List<JsonNode> e = publishSeparately(id, 4);

        // when
        JsonNode afterMiddle = historyJson(id, "since.id=" + e.get(1).get("id").asString());

        // then
        assertThat(afterMiddle).isEqualTo(array(e.get(2), e.get(3)));
    }

    @Test
    void shouldReturnAllEventsForAnUnknownSinceId() {
        // given
        String id = newTask("since-id-unknown");
        List<JsonNode> e = publishSeparately(id, 3);

        // when
        JsonNode all = historyJson(id, "since.id=01ARZ3NDEKTSV4RRFFQ69G5FAV");

        // then
        assertThat(all).isEqualTo(array(e.toArray(JsonNode[]::new)));
    }

    @Test
    void shouldExcludeTheEventWhoseTimestampEqualsSinceTimestamp() {
        // given: three events from separate requests, each on a later millisecond
        String id = newTask("since-ts");
        List<JsonNode> e = publishSeparately(id, 3);
        long t0 = e.get(0).get("timestamp").asLong();
        long t1 = e.get(1).get("timestamp").asLong();
        long t2 = e.get(2).get("timestamp").asLong();
        assertThat(t0).isLessThan(t1);
        assertThat(t1).isLessThan(t2);

        // when / then
        assertThat(historyJson(id, "since.timestamp=" + t1)).isEqualTo(array(e.get(2)));
        assertThat(historyJson(id, "since.timestamp=" + t0)).isEqualTo(array(e.get(1), e.get(2)));
        assertThat(historyJson(id, "since.timestamp=" + (t0 - 1))).isEqualTo(array(e.get(0), e.get(1), e.get(2)));
        assertThat(historyJson(id, "since.timestamp=" + t2)).isEqualTo(array());
    }

    @Test
    void shouldLetSinceIdBeatSinceIndexAndSinceIndexBeatSinceTimestamp() {
        // given
        String id = newTask("precedence");
        List<JsonNode> e = publishSeparately(id, 5);
        String idOf3 = e.get(3).get("id").asString();
        long timestampOf3 = e.get(3).get("timestamp").asLong();
        long timestampOf0 = e.get(0).get("timestamp").asLong();

        // when / then: since.id wins over since.index and since.timestamp
        assertThat(historyJson(id, "since.index=0&since.timestamp=" + timestampOf0 + "&since.id=" + idOf3))
                .isEqualTo(array(e.get(4)));
        assertThat(historyJson(id, "since.id=" + e.get(0).get("id").asString() + "&since.index=3"))
                .isEqualTo(array(e.get(1), e.get(2), e.get(3), e.get(4)));
        // since.index wins over since.timestamp, in either direction
        assertThat(historyJson(id, "since.timestamp=" + timestampOf3 + "&since.index=1"))
                .isEqualTo(array(e.get(2), e.get(3), e.get(4)));
        assertThat(historyJson(id, "since.timestamp=" + timestampOf0 + "&since.index=3"))
                .isEqualTo(array(e.get(4)));
    }

    @Test
    void shouldReturnTheFirstNEventsAfterTheCursorForLimit() {
        // given
        String id = newTask("limit");
        List<JsonNode> e = publishSeparately(id, 5);

        // when / then
        assertThat(historyJson(id, "limit=2")).isEqualTo(array(e.get(0), e.get(1)));
        assertThat(historyJson(id, "since.index=1&limit=2")).isEqualTo(array(e.get(2), e.get(3)));
        assertThat(historyJson(id, "since.id=" + e.get(2).get("id").asString() + "&limit=2"))
                .isEqualTo(array(e.get(3), e.get(4)));
        assertThat(historyJson(id, "since.index=3&limit=2")).isEqualTo(array(e.get(4)));
    }

    // ---------------------------------------------------------------- history: series

    @Test
    void shouldCollapseAnAccumulateSeriesIntoOneSnapshotAtItsFirstPositionForSeriesFormatAccumulated() {
        // given: before, chunk1, chunk2, middle, chunk3..chunk5, after
        String id = newTask("acc");
        Series series = publishAccumulateSeriesAroundOrdinaryEvents(id);

        // when
        JsonNode accumulated = historyJson(id, "seriesFormat=accumulated");

        // then
        ObjectNode snapshot = (ObjectNode) series.chunks.get(4).deepCopy();
        snapshot.set("data", Json.mapper().readTree("{\"delta\":\"chunk1chunk2chunk3chunk4chunk5\"}"));
        snapshot.put("seriesSnapshot", true);
        assertThat(accumulated).isEqualTo(array(series.before, snapshot, series.middle, series.after));
        assertThat(accumulated.get(1).get("index").asLong()).isEqualTo(6);
        assertThat(accumulated.get(1).get("id").asString()).isEqualTo(series.chunks.get(4).get("id").asString());
    }

    @Test
    void shouldExportATaskAsAnArchiveWithEachSeriesFoldedAndIndexesFromZero() {
        // given: before, chunk1, chunk2, middle, chunk3..chunk5, after, then a latest series of three
        String id = newTask("export");
        Series series = publishAccumulateSeriesAroundOrdinaryEvents(id);
        publish(id, latest(10));
        publish(id, latest(50));
        JsonNode p90 = publish(id, latest(90));
        long before = System.currentTimeMillis();

        // when
        Http.Response response = http.get("/tasks/" + id + "/archive");

        // then
        assertThat(response.status()).isEqualTo(200);
        JsonNode archive = response.json();
        assertThat(List.copyOf(archive.propertyNames()))
                .containsExactly("schema", "version", "exportedAt", "task", "events");
        assertThat(archive.get("schema").asString()).isEqualTo("taskcast.taskArchive");
        assertThat(archive.get("version").asInt()).isEqualTo(1);
        assertThat(archive.get("exportedAt").asLong()).isBetween(before - 1_000, System.currentTimeMillis() + 1_000);
        assertThat(archive.get("task").get("id").asString()).isEqualTo(id);
        assertThat(archive.get("task").has("subscriberCount")).isFalse();
        ObjectNode folded = (ObjectNode) series.chunks.get(4).deepCopy();
        folded.set("data", Json.mapper().readTree("{\"delta\":\"chunk1chunk2chunk3chunk4chunk5\"}"));
        List<JsonNode> expected = List.of(series.before, folded, series.middle, series.after, p90);
        JsonNode events = archive.get("events");
        assertThat(events).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            ObjectNode renumbered = (ObjectNode) expected.get(i).deepCopy();
            renumbered.put("index", i);
            assertThat(events.get(i)).as("archive event %d", i).isEqualTo(renumbered);
        }
        // and an unknown task is a 404
        assertThat(http.get("/tasks/" + id + "-nope/archive").status()).isEqualTo(404);
    }

    @Test
    void shouldReturnRawDeltasForSeriesFormatAccumulatedWithACursor() {
        // given
        String id = newTask("acc-cursor");
        Series series = publishAccumulateSeriesAroundOrdinaryEvents(id);

        // when
        JsonNode afterFirst = historyJson(id, "seriesFormat=accumulated&since.index=0");

        // then: nothing collapsed, no snapshot
        assertThat(afterFirst).isEqualTo(array(series.chunks.get(0), series.chunks.get(1), series.middle,
                series.chunks.get(2), series.chunks.get(3), series.chunks.get(4), series.after));
    }

    @Test
    void shouldReturnEveryDeltaForTheDefaultSeriesFormat() {
        // given
        String id = newTask("acc-delta");
        Series series = publishAccumulateSeriesAroundOrdinaryEvents(id);
        JsonNode all = array(series.before, series.chunks.get(0), series.chunks.get(1), series.middle,
                series.chunks.get(2), series.chunks.get(3), series.chunks.get(4), series.after);

        // when / then
        assertThat(historyJson(id, "")).isEqualTo(all);
        assertThat(historyJson(id, "seriesFormat=delta")).isEqualTo(all);
        // an unknown format is delta, as in Taskcast, not a 400
        assertThat(historyJson(id, "seriesFormat=full")).isEqualTo(all);
        assertThat(series.chunks).allSatisfy(chunk -> assertThat(chunk.has("seriesSnapshot")).isFalse());
    }

    @Test
    void shouldKeepOnlyTheLastEventOfALatestSeriesInHistory() {
        // given
        String id = newTask("latest");
        JsonNode first = publish(id, "{\"type\":\"log\",\"data\":{\"n\":0}}");
        JsonNode p10 = publish(id, latest(10));
        JsonNode p50 = publish(id, latest(50));
        JsonNode p90 = publish(id, latest(90));
        JsonNode last = publish(id, "{\"type\":\"log\",\"data\":{\"n\":1}}");
        assertThat(List.of(p10, p50, p90, last)).extracting(e -> e.get("index").asLong()).containsExactly(1L, 2L, 3L, 4L);

        // when
        JsonNode history = historyJson(id, "");

        // then: indexes 1 and 2 are gone, the gap is normal
        assertThat(history).isEqualTo(array(first, p90, last));
        assertThat(history.valueStream().map(e -> e.get("index").asLong()).toList()).containsExactly(0L, 3L, 4L);
        assertThat(historyJson(id, "since.index=0")).isEqualTo(array(p90, last));
    }

    // ---------------------------------------------------------------- history: filters

    @Test
    void shouldFilterHistoryByTypePattern() {
        // given
        String id = newTask("types");
        FilterEvents f = publishFilterEvents(id);

        // when / then: llm.* matches llm.delta and llm.a.b, not llm, not llmx, not status events
        assertThat(historyJson(id, "types=llm.*")).isEqualTo(array(f.llmDelta, f.llmAB));
        assertThat(historyJson(id, "types=llm,log")).isEqualTo(array(f.llm, f.log));
        assertThat(historyJson(id, "types=*").size()).isEqualTo(6);
    }

    @Test
    void shouldFilterHistoryByLevel() {
        // given
        String id = newTask("levels");
        FilterEvents f = publishFilterEvents(id);

        // when / then
        assertThat(historyJson(id, "levels=warn")).isEqualTo(array(f.llmAB, f.llmx, f.log));
        assertThat(historyJson(id, "types=llm.*&levels=warn")).isEqualTo(array(f.llmAB));
        assertThat(historyJson(id, "levels=debug,info").valueStream().map(e -> e.get("type").asString()).toList())
                .containsExactly("taskcast:status", "llm.delta", "llm");
    }

    @Test
    void shouldReturnNoEventsForAnEmptyTypesParameter() {
        // given
        String id = newTask("types-empty");
        publishFilterEvents(id);

        // when
        Http.Response response = http.get("/tasks/" + id + "/events/history?types=");

        // then
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).isEqualTo(array());
    }

    // ---------------------------------------------------------------- errors

    @Test
    void shouldAnswer400InvalidQueryForBadHistoryParameters() {
        // given
        String id = newTask("bad-query");
        publish(id, "{\"type\":\"log\",\"data\":null}");

        // when / then
        assertInvalidQuery(http.get("/tasks/" + id + "/events/history?limit=0"), "limit", "0");
        assertInvalidQuery(http.get("/tasks/" + id + "/events/history?since.index=x"), "since.index", "x");
        assertInvalidQuery(http.get("/tasks/" + id + "/events/history?levels=loud"), "levels", "loud");
    }

    @Test
    void shouldAnswer400InvalidQueryForAnUnknownStatusInTheTaskList() {
        assertInvalidQuery(http.get("/tasks?status=done"), "status", "done");
        assertInvalidQuery(http.get("/tasks?status=running,done"), "status", "done");
    }

    @Test
    void shouldAnswer400Not404ForABadParameterOnAnUnknownTask() {
        // given
        String unknown = "qr-unknown-" + UUID.randomUUID();

        // when / then: parameters are checked before existence
        assertInvalidQuery(http.get("/tasks/" + unknown + "/events/history?limit=0"), "limit", "0");
        assertInvalidQuery(http.get("/tasks/" + unknown + "/events/history?since.index=x"), "since.index", "x");
    }

    @Test
    void shouldAnswer404TaskNotFoundForTheHistoryOfAnUnknownTask() {
        // given
        String unknown = "qr-unknown-" + UUID.randomUUID();

        // when
        Http.Response response = http.get("/tasks/" + unknown + "/events/history");

        // then
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"Task not found\",\"code\":\"TASK_NOT_FOUND\"}");
        assertThat(http.get("/tasks/" + unknown + "/events/history?since.index=0&limit=1").body())
                .isEqualTo(response.body());
    }

    @Test
    void shouldAnswer404TaskNotFoundForTheBlockedRequestOfAnUnknownTask() {
        // given
        String unknown = "qr-unknown-" + UUID.randomUUID();

        // when
        Http.Response response = http.get("/tasks/" + unknown + "/request");

        // then
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"Task not found\",\"code\":\"TASK_NOT_FOUND\"}");
    }

    // ---------------------------------------------------------------- task list

    @Test
    void shouldListExactlyTheTasksMatchingStatusAndTypeWithNoSubscribers() {
        // given: two running tasks of a unique type, one pending of that type, one running of another
        String type = "qr-list-" + UUID.randomUUID();
        String a = createTask("{\"type\":\"" + type + "\",\"params\":{\"n\":1}}");
        String b = createTask("{\"type\":\"" + type + "\",\"tags\":[\"x\"]}");
        createTask("{\"type\":\"" + type + "\"}"); // pending
        String other = createTask("{\"type\":\"" + type + "-other\"}");
        patchStatus(a, "{\"status\":\"running\"}");
        patchStatus(b, "{\"status\":\"running\"}");
        patchStatus(other, "{\"status\":\"running\"}");

        // when
        Http.Response response = http.get("/tasks?status=running&type=" + type);

        // then
        assertThat(response.status()).isEqualTo(200);
        JsonNode tasks = response.json().get("tasks");
        assertThat(response.json().size()).isEqualTo(1);
        assertThat(tasks.valueStream().map(t -> t.get("id").asString()).toList()).containsExactlyInAnyOrder(a, b);
        assertThat(tasks.valueStream().toList()).containsExactlyInAnyOrder(http.get("/tasks/" + a).json(),
                http.get("/tasks/" + b).json());
        assertThat(tasks).allSatisfy(task -> {
            assertThat(task.get("status").asString()).isEqualTo("running");
            assertThat(task.get("type").asString()).isEqualTo(type);
            assertThat(task.get("subscriberCount").isIntegralNumber()).isTrue();
            assertThat(task.get("subscriberCount").asLong()).isZero();
            assertThat(task.get("hot").isBoolean()).isTrue();
            assertThat(task.get("hot").asBoolean()).isFalse();
        });
    }

    @Test
    void shouldListTasksInAnyOfSeveralStatuses() {
        // given
        String type = "qr-list-multi-" + UUID.randomUUID();
        String running = createTask("{\"type\":\"" + type + "\"}");
        String pending = createTask("{\"type\":\"" + type + "\"}");
        String cancelled = createTask("{\"type\":\"" + type + "\"}");
        patchStatus(running, "{\"status\":\"running\"}");
        patchStatus(cancelled, "{\"status\":\"cancelled\"}");

        // when
        JsonNode tasks = http.get("/tasks?status=pending,running&type=" + type).json().get("tasks");
        JsonNode allOfType = http.get("/tasks?type=" + type).json().get("tasks");

        // then
        assertThat(tasks.valueStream().map(t -> t.get("id").asString()).toList())
                .containsExactlyInAnyOrder(running, pending);
        assertThat(allOfType.valueStream().map(t -> t.get("id").asString()).toList())
                .containsExactlyInAnyOrder(running, pending, cancelled);
    }

    // ---------------------------------------------------------------- blocked request

    @Test
    void shouldReturnTheBlockedRequestUntilTheTaskIsResolved() {
        // given
        String id = newTask("blocked");
        patchStatus(id, "{\"status\":\"running\"}");
        Http.Response noneYet = http.get("/tasks/" + id + "/request");
        patchStatus(id, "{\"status\":\"blocked\",\"reason\":\"needs approval\","
                + "\"blockedRequest\":{\"type\":\"approval\",\"data\":{\"question\":\"deploy?\",\"options\":[\"yes\",\"no\"]}}}");

        // when
        Http.Response request = http.get("/tasks/" + id + "/request");

        // then
        assertThat(noneYet.status()).isEqualTo(404);
        assertThat(noneYet.json().get("code").asString()).isEqualTo("NO_BLOCKED_REQUEST");
        assertThat(request.status()).isEqualTo(200);
        assertThat(request.json()).isEqualTo(Json.mapper().readTree(
                "{\"type\":\"approval\",\"data\":{\"question\":\"deploy?\",\"options\":[\"yes\",\"no\"]}}"));

        // when resolved
        Http.Response resolved = http.post("/tasks/" + id + "/resolve", "{\"data\":\"ok\"}");
        Http.Response after = http.get("/tasks/" + id + "/request");

        // then
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(resolved.json().get("status").asString()).isEqualTo("running");
        assertThat(after.status()).isEqualTo(404);
        assertThat(after.json().get("code").asString()).isEqualTo("NO_BLOCKED_REQUEST");
        assertThat(after.json().get("error").asString()).isEqualTo("No blocked request");
        assertThat(after.json().size()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- helpers

    /** A series of five accumulate deltas with ordinary events before, between and after them. */
    private record Series(JsonNode before, List<JsonNode> chunks, JsonNode middle, JsonNode after) {
    }

    private static Series publishAccumulateSeriesAroundOrdinaryEvents(String id) {
        JsonNode before = publish(id, "{\"type\":\"log\",\"data\":{\"line\":\"before\"}}");
        JsonNode chunk1 = publish(id, chunk(1));
        JsonNode chunk2 = publish(id, chunk(2));
        JsonNode middle = publish(id, "{\"type\":\"log\",\"data\":{\"line\":\"middle\"}}");
        JsonNode chunk3 = publish(id, chunk(3));
        JsonNode chunk4 = publish(id, chunk(4));
        JsonNode chunk5 = publish(id, chunk(5));
        JsonNode after = publish(id, "{\"type\":\"log\",\"data\":{\"line\":\"after\"}}");
        assertThat(List.of(before, chunk1, chunk2, middle, chunk3, chunk4, chunk5, after))
                .extracting(e -> e.get("index").asLong()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(chunk5.get("data").toString()).isEqualTo("{\"delta\":\"chunk5\"}");
        return new Series(before, List.of(chunk1, chunk2, chunk3, chunk4, chunk5), middle, after);
    }

    private static String chunk(int n) {
        return "{\"type\":\"llm.delta\",\"seriesId\":\"answer\",\"seriesMode\":\"accumulate\",\"data\":{\"delta\":\"chunk"
                + n + "\"}}";
    }

    private static String latest(int percent) {
        return "{\"type\":\"progress\",\"seriesId\":\"progress\",\"seriesMode\":\"latest\",\"data\":{\"pct\":" + percent + "}}";
    }

    /** The published events of {@link #publishFilterEvents}, plus the running status event at index 0. */
    private record FilterEvents(JsonNode llmDelta, JsonNode llmAB, JsonNode llm, JsonNode llmx, JsonNode log) {
    }

    private static FilterEvents publishFilterEvents(String id) {
        patchStatus(id, "{\"status\":\"running\"}");
        JsonNode e = publish(id, "[{\"type\":\"llm.delta\",\"data\":1},"
                + "{\"type\":\"llm.a.b\",\"level\":\"warn\",\"data\":2},"
                + "{\"type\":\"llm\",\"level\":\"debug\",\"data\":3},"
                + "{\"type\":\"llmx\",\"level\":\"warn\",\"data\":4},"
                + "{\"type\":\"log\",\"level\":\"warn\",\"data\":5}]");
        return new FilterEvents(e.get(0), e.get(1), e.get(2), e.get(3), e.get(4));
    }

    /**
     * {@code n} events of a new (pending) task, each from its own request and on a later
     * millisecond than the one before, so their timestamps are strictly increasing.
     */
    private static List<JsonNode> publishSeparately(String id, int n) {
        List<JsonNode> events = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            while (System.currentTimeMillis() <= previous) {
                sleep();
            }
            JsonNode event = publish(id, "{\"type\":\"step\",\"data\":{\"i\":" + i + "}}");
            assertThat(event.get("index").asLong()).isEqualTo(i);
            previous = event.get("timestamp").asLong();
            events.add(event);
        }
        return events;
    }

    private static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String newTask(String label) {
        String id = "qr-" + label + "-" + UUID.randomUUID();
        Http.Response created = http.post("/tasks", "{\"id\":\"" + id + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return id;
    }

    private static String createTask(String body) {
        Http.Response created = http.post("/tasks", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static void patchStatus(String id, String body) {
        Http.Response response = http.patch("/tasks/" + id + "/status", body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private static JsonNode publish(String id, String body) {
        Http.Response response = http.post("/tasks/" + id + "/events", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private static JsonNode historyJson(String id, String query) {
        Http.Response response = http.get("/tasks/" + id + "/events/history" + (query.isEmpty() ? "" : "?" + query));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** The status event the history holds at {@code index}, built from the contract; id and timestamp taken from {@code actual}. */
    private static JsonNode statusEvent(String taskId, long index, JsonNode actual, String data) {
        // Parsed from text, as the response is: Jackson's numeric nodes compare by type (IntNode ≠ LongNode).
        return Json.mapper().readTree("{\"id\":\"" + actual.get("id").asString() + "\",\"taskId\":\"" + taskId
                + "\",\"index\":" + index + ",\"timestamp\":" + actual.get("timestamp").asLong()
                + ",\"type\":\"taskcast:status\",\"level\":\"info\",\"data\":" + data + "}");
    }

    private static ArrayNode array(JsonNode... elements) {
        ArrayNode array = Json.mapper().createArrayNode();
        for (JsonNode element : elements) {
            array.add(element);
        }
        return array;
    }

    private static void assertInvalidQuery(Http.Response response, String parameter, String value) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        JsonNode body = response.json();
        assertThat(body.size()).as(response.body()).isEqualTo(2);
        assertThat(body.get("code").asString()).isEqualTo("INVALID_QUERY");
        assertThat(body.get("error").asString()).contains(parameter).contains("'" + value + "'");
    }
}
