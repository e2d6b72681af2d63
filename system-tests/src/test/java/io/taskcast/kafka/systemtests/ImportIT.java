package io.taskcast.kafka.systemtests;

import io.r2dbc.spi.Connection;
import io.taskcast.kafka.platform.redis.RedisKeys;
import io.taskcast.kafka.processor.engine.Cleanups;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.cleanup.CleanupRules;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Archive import (taskcast-extras.md §6) through the REST API of a running system: an exported task
 * imported as a copy and over another task reads back as the archive; an import is a command in the
 * log, so the Redis view, the Postgres archive and a replay of the log agree afterwards; it is not
 * broadcast live; and every invalid archive is a 400 naming the reason.
 */
@ExtendWith(EmbeddedStackExtension.class)
class ImportIT {

    private static final String PREFIX = "import-it-";

    @RegisterExtension
    static final SharedTaskcast TASKCAST = SharedTaskcast.withEnvironment("import", Map.of(
            "TASKCAST_KAFKA_TOPIC_PREFIX", PREFIX));

    private static Stores stores;

    @BeforeAll
    static void connect(Stores shared) {
        stores = shared;
    }

    @Test
    void shouldReadAnArchiveImportedAsANewTaskBackAsTheArchive(Http http) {
        // given an exported finished task with an accumulate series, a latest series and plain events
        String original = taskWithSeries(http, "original", true);
        JsonNode exported = export(http, original);
        String copy = "import-copy-" + UUID.randomUUID();

        // when it is imported under another id
        Http.Response response = http.post("/tasks/import", importBody(renamed(exported, copy), null));

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json()).isEqualTo(Json.mapper().readTree("{\"ok\":true,\"taskId\":\"" + copy
                + "\",\"eventCount\":" + exported.get("events").size() + ",\"overwritten\":false}"));
        JsonNode again = export(http, copy);
        assertThat(withoutExportTime(again)).isEqualTo(withoutExportTime(renamed(exported, copy)));
        ObjectNode task = (ObjectNode) http.get("/tasks/" + copy).json();
        assertThat(task.get("status").asString()).isEqualTo("completed");
        assertThat(task.get("createdAt")).isEqualTo(exported.get("task").get("createdAt"));
        // the history holds the archive's events as they are: an accumulate series is its running value
        assertThat(http.get("/tasks/" + copy + "/events/history").json())
                .isEqualTo(renamed(exported, copy).get("events"));
        // and the original is untouched
        assertThat(withoutExportTime(export(http, original))).isEqualTo(withoutExportTime(exported));
    }

    @Test
    void shouldReplaceAnExistingTaskOnlyWhenOverwriteIsTrueAndKeepTheViewsAndTheLogInAgreement(Http http) {
        // given a running task with a series, exported, and another task with more events than it
        String source = taskWithSeries(http, "source", false);
        JsonNode exported = export(http, source);
        String target = "import-target-" + UUID.randomUUID();
        create(http, target);
        for (int i = 0; i < 12; i++) {
            publish(http, target, "{\"type\":\"old\",\"data\":{\"i\":" + i + "}}");
        }
        JsonNode archiveOfTarget = renamed(exported, target);

        // when it is imported over the other task, first without overwrite
        Http.Response refused = http.post("/tasks/import", importBody(archiveOfTarget, null));
        Http.Response replaced = http.post("/tasks/import", importBody(archiveOfTarget, true));

        // then only the overwrite replaces it
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("error").asString()).contains("already exists").contains("overwrite");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().get("overwritten").asBoolean()).isTrue();
        assertThat(withoutExportTime(export(http, target))).isEqualTo(withoutExportTime(archiveOfTarget));

        // and the imported running task goes on where the archive ends: its series continues
        int n = exported.get("events").size();
        JsonNode next = publish(http, target, "{\"type\":\"llm.delta\",\"seriesId\":\"text\","
                + "\"seriesMode\":\"accumulate\",\"data\":{\"delta\":\"!\"}}");
        assertThat(next.get("index").asLong()).isEqualTo(n);
        assertThat(http.patch("/tasks/" + target + "/status", "{\"status\":\"completed\"}").status()).isEqualTo(200);
        List<TaskEvent> history = stores.views().history(target);
        assertThat(history).extracting(TaskEvent::index).containsExactlyElementsOf(range(n + 2));
        assertThat(history.stream().filter(e -> e.type().equals("old"))).isEmpty();
        assertThat(stores.views().seriesStates(target).get("text").data().get("delta").asString())
                .isEqualTo("Hello, world!");

        // and the archive holds the same, not the replaced task's events
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(stores.archived().history(target).block()).isEqualTo(history);
            assertThat(stores.archived().findTask(target).block()).isEqualTo(stores.views().findTask(target).orElseThrow());
        });
        assertThat(stores.archived().seriesStates(target).block()).isEqualTo(stores.views().seriesStates(target));

        // and a replay beside the running system keeps what the processor wrote after the replay
        // began (here: an event written straight into both views, which the log does not hold)
        TaskEvent later = new TaskEvent("later", target, n + 2, System.currentTimeMillis(), "later",
                io.taskcast.kafka.schemas.Level.INFO, Json.mapper().readTree("{}"), null, null, null, null);
        stores.views().apply(stores.views().findTask(target).orElseThrow(), List.of(EventRecord.plain(later)));
        stores.writes().write(List.of(), List.of(EventRecord.plain(later))).block();
        stores.replay(PREFIX, target, Cleanups.none());
        List<TaskEvent> withLater = new java.util.ArrayList<>(history);
        withLater.add(later);
        assertThat(stores.views().history(target)).isEqualTo(withLater);
        assertThat(stores.archived().history(target).block()).isEqualTo(withLater);

        // and a replay of the log into views that lost the task rebuilds exactly what the log holds
        stores.redis().del(RedisKeys.task(target), RedisKeys.events(target), RedisKeys.series(target),
                RedisKeys.generation(target));
        stores.writes().cleanups().apply(new TaskCleanup(target, 0,
                CleanupRules.fromJson("[{\"target\":\"all\"}]", "r"))).block();
        Mono.usingWhen(stores.archive().pool().create(), conn -> Mono.from(conn.createStatement(
                        "DELETE FROM taskcast_imports WHERE task_id = $1").bind(0, target).execute()), Connection::close)
                .block();
        stores.replay(PREFIX, target, Cleanups.none());
        assertThat(stores.views().history(target)).isEqualTo(history);
        assertThat(stores.archived().history(target).block()).isEqualTo(history);
        assertThat(stores.archived().seriesStates(target).block()).isEqualTo(stores.views().seriesStates(target));
        assertThat(stores.archived().findTask(target).block()).isEqualTo(stores.views().findTask(target).orElseThrow());
    }

    @Test
    void shouldNotBroadcastAnImportToLiveStreams(Http http) {
        // given a running task's archive and a global stream of its type
        String source = taskWithSeries(http, "quiet", false);
        JsonNode exported = export(http, source);
        String copy = "import-quiet-" + UUID.randomUUID();
        try (SseClient stream = SseClient.open(http, "/events")) {
            assertThat(stream.status()).isEqualTo(200);

            // when it is imported and then the copy gets an event of its own
            assertThat(http.post("/tasks/import", importBody(renamed(exported, copy), null)).status()).isEqualTo(200);
            JsonNode after = publish(http, copy, "{\"type\":\"after-import\",\"data\":{}}");

            // then the stream sees that event, and none of the imported ones before it (same task, same order)
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.events().stream()
                    .anyMatch(e -> e.path("taskId").asString("").equals(copy)));
            List<JsonNode> ofCopy = stream.events().stream()
                    .filter(e -> e.path("taskId").asString("").equals(copy)).toList();
            assertThat(ofCopy).hasSize(1);
            assertThat(ofCopy.get(0).get("eventId").asString()).isEqualTo(after.get("id").asString());
            assertThat(ofCopy.get(0).get("rawIndex").asLong()).isEqualTo(after.get("index").asLong());
        }
    }

    @Test
    void shouldAnswer400NamingTheReasonForEveryInvalidArchive(Http http) {
        String source = taskWithSeries(http, "invalid", true);
        JsonNode good = renamed(export(http, source), "import-invalid-" + UUID.randomUUID());

        assertInvalid(http, "{}", "archive is required");
        assertInvalid(http, "{\"archive\":" + good + ",\"overwrite\":\"yes\"}", "overwrite must be a boolean");
        assertInvalid(http, changed(good, a -> a.put("schema", "other")), "archive.schema");
        assertInvalid(http, changed(good, a -> a.put("version", 2)), "archive.version must be 1");
        assertInvalid(http, changed(good, a -> a.remove("task")), "archive.task must be an object");
        assertInvalid(http, changed(good, a -> a.put("events", "none")), "archive.events must be an array");
        assertInvalid(http, changed(good, a -> ((ObjectNode) a.get("task")).remove("status")),
                "archive.task.status is required");
        assertInvalid(http, changed(good, a -> event(a, 1).put("index", 5)),
                "contiguous from index 0: archive.events[1] has index 5");
        assertInvalid(http, changed(good, a -> event(a, 2).put("id", event(a, 1).get("id").asString())),
                "ids must be unique: archive.events[2]");
        assertInvalid(http, changed(good, a -> event(a, 0).put("taskId", "someone-else")),
                "archive.events[0].taskId must equal archive.task.id");
        assertInvalid(http, changed(good, a -> event(a, 1).put("seriesSnapshot", true)),
                "archive.events[1] must not carry seriesSnapshot");
        assertInvalid(http, changed(good, a -> event(a, 1).put("_accumulatedData", "x")),
                "archive.events[1] must not carry _accumulatedData");
        assertInvalid(http, changed(good, a -> ((ObjectNode) a.get("task")).put("id", "a b")),
                "archive.task.id");
        // none of them created the task
        assertThat(http.get("/tasks/" + good.get("task").get("id").asString()).status()).isEqualTo(404);
    }

    private static void assertInvalid(Http http, String body, String reason) {
        Http.Response response = http.post("/tasks/import", body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("error").asString()).as(body).contains(reason);
    }

    private static String changed(JsonNode archive, Consumer<ObjectNode> change) {
        ObjectNode copy = (ObjectNode) archive.deepCopy();
        change.accept(copy);
        return importBody(copy, null);
    }

    private static ObjectNode event(ObjectNode archive, int i) {
        return (ObjectNode) archive.get("events").get(i);
    }

    /**
     * A task with: status running (0), a log event (1), an accumulate series "text" of three deltas
     * ("Hello", ", ", "world"), a latest series "progress" of two, a metric; completed when asked.
     */
    private static String taskWithSeries(Http http, String name, boolean complete) {
        String id = "import-" + name + "-" + UUID.randomUUID();
        create(http, id);
        assertThat(http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
        publish(http, id, "{\"type\":\"log\",\"level\":\"debug\",\"data\":{\"line\":1}}");
        for (String delta : List.of("Hello", ", ", "world")) {
            publish(http, id, "{\"type\":\"llm.delta\",\"seriesId\":\"text\",\"seriesMode\":\"accumulate\","
                    + "\"data\":{\"delta\":\"" + delta + "\"}}");
        }
        publish(http, id, "{\"type\":\"progress\",\"seriesId\":\"progress\",\"seriesMode\":\"latest\",\"data\":{\"pct\":10}}");
        publish(http, id, "{\"type\":\"progress\",\"seriesId\":\"progress\",\"seriesMode\":\"latest\",\"data\":{\"pct\":90}}");
        publish(http, id, "{\"type\":\"metric\",\"level\":\"warn\",\"data\":[1,2]}");
        if (complete) {
            assertThat(http.patch("/tasks/" + id + "/status", "{\"status\":\"completed\",\"result\":{\"ok\":1}}")
                    .status()).isEqualTo(200);
        }
        return id;
    }

    private static void create(Http http, String id) {
        Http.Response created = http.post("/tasks", "{\"id\":\"" + id + "\",\"type\":\"import.test\",\"ttl\":600,"
                + "\"params\":{\"p\":1},\"metadata\":{\"m\":\"x\"},\"tags\":[\"a\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static JsonNode publish(Http http, String id, String event) {
        Http.Response response = http.post("/tasks/" + id + "/events", event);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private static JsonNode export(Http http, String id) {
        Http.Response response = http.get("/tasks/" + id + "/archive");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** The archive as it would be exported for a task of another id. */
    private static ObjectNode renamed(JsonNode archive, String id) {
        ObjectNode copy = (ObjectNode) archive.deepCopy();
        ((ObjectNode) copy.get("task")).put("id", id);
        for (JsonNode event : copy.get("events")) {
            ((ObjectNode) event).put("taskId", id);
        }
        return copy;
    }

    private static ObjectNode withoutExportTime(JsonNode archive) {
        ObjectNode copy = (ObjectNode) archive.deepCopy();
        copy.remove("exportedAt");
        return copy;
    }

    private static String importBody(JsonNode archive, Boolean overwrite) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("archive", archive);
        if (overwrite != null) {
            body.put("overwrite", overwrite);
        }
        return body.toString();
    }

    private static List<Long> range(int n) {
        return java.util.stream.LongStream.range(0, n).boxed().toList();
    }
}
