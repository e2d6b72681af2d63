package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.platform.redis.RedisKeys;
import io.taskcast.kafka.processor.engine.Cleanups;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /tasks/{id}/storage/release} (taskcast-extras.md §7) through the REST API of a running
 * system: a finished task leaves Redis only when every precondition holds, and then every read
 * (task, history, SSE, export, list) is served from the archive with the same answers as before;
 * a rebuild of the Redis view does not bring it back.
 */
@ExtendWith(EmbeddedStackExtension.class)
class StorageReleaseIT {

    private static final String PREFIX = "release-it-";

    @RegisterExtension
    static final SharedTaskcast TASKCAST = SharedTaskcast.withEnvironment("release", Map.of(
            "TASKCAST_KAFKA_TOPIC_PREFIX", PREFIX));

    private static Stores stores;

    @BeforeAll
    static void connect(Stores shared) {
        stores = shared;
    }

    @Test
    void shouldServeEveryReadOfAReleasedTaskFromTheArchiveWithTheSameAnswers(Http http) {
        // given a finished task with a series, read every way while Redis holds it
        String id = finishedTask(http, "cold");
        JsonNode task = http.get("/tasks/" + id).json();
        JsonNode history = http.get("/tasks/" + id + "/events/history").json();
        JsonNode accumulated = http.get("/tasks/" + id + "/events/history?seriesFormat=accumulated").json();
        JsonNode exported = withoutExportTime(http.get("/tasks/" + id + "/archive").json());
        List<JsonNode> streamed = streamToTheEnd(http, id);
        long last = history.get(history.size() - 1).get("index").asLong();

        // when it is released
        Http.Response response = release(http, id, last, System.currentTimeMillis());

        // then Redis no longer holds it
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json()).isEqualTo(Json.mapper().readTree("{\"taskId\":\"" + id
                + "\",\"storageState\":\"cold\",\"archiveWatermark\":" + last + ",\"released\":true}"));
        assertThat(stores.redis().exists(RedisKeys.task(id))).isFalse();
        assertThat(stores.redis().exists(RedisKeys.events(id))).isFalse();
        assertThat(stores.redis().exists(RedisKeys.series(id))).isFalse();

        // and every read answers as before, from the archive
        assertThat(http.get("/tasks/" + id).json()).isEqualTo(task);
        assertThat(http.get("/tasks/" + id + "/events/history").json()).isEqualTo(history);
        assertThat(http.get("/tasks/" + id + "/events/history?seriesFormat=accumulated").json()).isEqualTo(accumulated);
        assertThat(withoutExportTime(http.get("/tasks/" + id + "/archive").json())).isEqualTo(exported);
        assertThat(streamToTheEnd(http, id)).isEqualTo(streamed);
        assertThat(http.get("/tasks").json().get("tasks")).anySatisfy(t -> assertThat(t.get("id").asString()).isEqualTo(id));

        // and a second release says it was released before
        Http.Response again = release(http, id, last, System.currentTimeMillis());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("released").asBoolean()).isFalse();
        assertThat(again.json().get("storageState").asString()).isEqualTo("cold");

        // and a rebuild of the views from the log leaves it in the archive only
        stores.replay(PREFIX, id, Cleanups.none());
        assertThat(stores.views().findTask(id)).isEmpty();
        assertThat(stores.views().history(id)).isEmpty();
        assertThat(http.get("/tasks/" + id + "/events/history").json()).isEqualTo(history);
    }

    @Test
    void shouldReleaseOnlyWhenEveryPreconditionHoldsAndSayWhichDoesNot(Http http) {
        String id = finishedTask(http, "pre");
        long last = http.get("/tasks/" + id + "/events/history").json().size() - 1;
        long updatedAt = http.get("/tasks/" + id).json().get("updatedAt").asLong();

        // a missing task is 404 before its body is looked at
        assertThat(http.post("/tasks/" + id + "-missing/storage/release", "nonsense").status()).isEqualTo(404);
        // bad bodies
        assertBadBody(http, id, "nonsense", "Invalid storage release request");
        assertBadBody(http, id, "{\"inactiveSince\":0}", "expectedLastEventIndex must be an integer ≥ -1");
        assertBadBody(http, id, "{\"expectedLastEventIndex\":-2,\"inactiveSince\":0}", "expectedLastEventIndex");
        assertBadBody(http, id, "{\"expectedLastEventIndex\":1,\"inactiveSince\":-5}",
                "inactiveSince must be a non-negative integer");
        assertBadBody(http, id, "{\"expectedLastEventIndex\":\"1\",\"inactiveSince\":5}", "expectedLastEventIndex");
        // preconditions
        assertPreconditionFailed(release(http, id, last - 1, System.currentTimeMillis()),
                "last event index is " + last + ", not the expected " + (last - 1));
        assertPreconditionFailed(release(http, id, last, updatedAt - 1), "after inactiveSince");
        String running = "release-running-" + UUID.randomUUID();
        assertThat(http.post("/tasks", "{\"id\":\"" + running + "\"}").status()).isEqualTo(201);
        assertThat(http.patch("/tasks/" + running + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
        assertPreconditionFailed(release(http, running, 0, System.currentTimeMillis()), "Only a finished task");

        // none of them let the task go
        assertThat(stores.views().findTask(id)).isPresent();
        assertThat(stores.views().findTask(running)).isPresent();
        // and the exact expectations do
        assertThat(release(http, id, last, updatedAt).json().get("released").asBoolean()).isTrue();
        assertThat(stores.views().findTask(id)).isEmpty();
    }

    @Test
    void shouldWaitForTheArchiverWhenATaskIsReleasedTheMomentItEnds(Http http) {
        // given tasks released as soon as their completion is answered, before the archiver (which
        // lets the broker fill a batch for up to archiver.batchWait) has written them
        for (int i = 0; i < 3; i++) {
            String id = finishedTask(http, "at-once-" + i);

            // when
            Http.Response response = release(http, id, 4, System.currentTimeMillis());

            // then the route waited for the archive instead of refusing
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json().get("released").asBoolean()).isTrue();
            assertThat(response.json().get("archiveWatermark").asLong()).isEqualTo(4);
            assertThat(stores.views().findTask(id)).isEmpty();
            assertThat(http.get("/tasks/" + id + "/events/history").json().size()).isEqualTo(5);
        }
    }

    private static void assertBadBody(Http http, String id, String body, String reason) {
        Http.Response response = http.post("/tasks/" + id + "/storage/release", body);
        assertThat(response.status()).as(body).isEqualTo(400);
        assertThat(response.json().get("error").asString()).as(body).startsWith("Invalid storage release request")
                .contains(reason);
    }

    private static void assertPreconditionFailed(Http.Response response, String reason) {
        assertThat(response.status()).as(response.body()).isEqualTo(409);
        assertThat(response.json().get("code").asString()).isEqualTo("storage_precondition_failed");
        assertThat(response.json().get("error").asString()).contains(reason);
    }

    private static Http.Response release(Http http, String id, long expectedLastEventIndex, long inactiveSince) {
        return http.post("/tasks/" + id + "/storage/release", "{\"expectedLastEventIndex\":" + expectedLastEventIndex
                + ",\"inactiveSince\":" + inactiveSince + "}");
    }

    private static List<JsonNode> streamToTheEnd(Http http, String id) {
        try (SseClient sse = SseClient.open(http, "/tasks/" + id + "/events")) {
            sse.awaitEnded(Duration.ofSeconds(20), SseClient.taskAccount(http, id));
            assertThat(sse.doneReason()).isEqualTo("completed");
            return sse.events();
        }
    }

    /** Running (0), a log (1), an accumulate series of two (2, 3), completed (4). */
    private static String finishedTask(Http http, String name) {
        String id = "release-" + name + "-" + UUID.randomUUID();
        assertThat(http.post("/tasks", "{\"id\":\"" + id + "\",\"type\":\"release.test\"}").status()).isEqualTo(201);
        assertThat(http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
        assertThat(http.post("/tasks/" + id + "/events", "[{\"type\":\"log\",\"data\":{\"n\":1}},"
                + "{\"type\":\"llm.delta\",\"seriesId\":\"s\",\"seriesMode\":\"accumulate\",\"data\":{\"delta\":\"a\"}},"
                + "{\"type\":\"llm.delta\",\"seriesId\":\"s\",\"seriesMode\":\"accumulate\",\"data\":{\"delta\":\"b\"}}]")
                .status()).isEqualTo(201);
        assertThat(http.patch("/tasks/" + id + "/status", "{\"status\":\"completed\",\"result\":{\"r\":1}}").status())
                .isEqualTo(200);
        return id;
    }

    private static ObjectNode withoutExportTime(JsonNode archive) {
        ObjectNode copy = (ObjectNode) archive.deepCopy();
        copy.remove("exportedAt");
        return copy;
    }
}
