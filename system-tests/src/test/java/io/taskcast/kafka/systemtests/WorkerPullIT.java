package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker's long poll, {@code GET /workers/pull} (taskcast-extras.md §8, docs/workers.md), over
 * real HTTP against the running system: a task created while workers wait goes to one of them at
 * once; a decline sends it back to pending; no task is ever given to two workers.
 */
@ExtendWith(EmbeddedStackExtension.class)
class WorkerPullIT {

    @RegisterExtension
    static final SharedTaskcast TASKCAST = SharedTaskcast.withEnvironment("workers", Map.of(
            "TASKCAST_KAFKA_TOPIC_PREFIX", "workers-it-",
            "TASKCAST_WORKERS_ENABLED", "true"));

    @Test
    void shouldGiveATaskCreatedWhileAWorkerWaitsToThatWorkerAssignedWithAnAuditEvent(Http http) throws Exception {
        // given: a worker waiting
        String worker = "w-" + UUID.randomUUID();
        String type = "pull-it." + UUID.randomUUID();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Http.Response> poll = pool.submit(() -> http.get("/workers/pull?workerId=" + worker
                    + "&timeout=20000&taskTypes=" + type));
            Thread.sleep(500);

            // when: a pull task is created
            String id = create(http, "pull", type);

            // then: the poll answers with it, assigned to the worker
            Http.Response answer = poll.get(25, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().get("id").asString()).isEqualTo(id);
            assertThat(answer.json().get("status").asString()).isEqualTo("assigned");
            assertThat(answer.json().get("assignedWorker").asString()).isEqualTo(worker);
            JsonNode task = http.get("/tasks/" + id).json();
            assertThat(task.get("status").asString()).isEqualTo("assigned");
            JsonNode history = http.get("/tasks/" + id + "/events/history").json();
            assertThat(history).hasSize(1);
            assertThat(history.get(0).get("type").asString()).isEqualTo("taskcast:audit");
            assertThat(history.get(0).get("data").get("action").asString()).isEqualTo("assigned");
            assertThat(history.get(0).get("data").get("workerId").asString()).isEqualTo(worker);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldAnswer204WhenNoTaskComesInTimeAndLeaveExternalTasksAlone(Http http) {
        String type = "external-it." + UUID.randomUUID();
        String id = create(http, "external", type);

        Http.Response answer = http.get("/workers/pull?workerId=w-" + UUID.randomUUID() + "&timeout=300&taskTypes="
                + type);

        assertThat(answer.status()).as(answer.body()).isEqualTo(204);
        assertThat(http.get("/tasks/" + id).json().get("status").asString()).isEqualTo("pending");
    }

    @Test
    void shouldSendADeclinedTaskBackToPendingAndNotGiveItAgainToTheWorkerThatBlacklistedIt(Http http) {
        // given: w1 pulled a task
        String w1 = "w1-" + UUID.randomUUID();
        String w2 = "w2-" + UUID.randomUUID();
        String type = "decline-it." + UUID.randomUUID();
        String id = create(http, "pull", type);
        String pulled = pull(http, w1, type);

        // when: w1 declines it with blacklist
        Http.Response declined = http.post("/workers/tasks/" + pulled + "/decline",
                "{\"workerId\":\"" + w1 + "\",\"blacklist\":true}");

        // then: pending again, w1 blacklisted, a status event and an audit event
        assertThat(declined.status()).as(declined.body()).isEqualTo(200);
        assertThat(declined.json().get("ok").asBoolean()).isTrue();
        JsonNode task = http.get("/tasks/" + id).json();
        assertThat(task.get("status").asString()).isEqualTo("pending");
        assertThat(task.has("assignedWorker")).isFalse();
        assertThat(task.get("metadata").get("_blacklistedWorkers").get(0).asString()).isEqualTo(w1);
        JsonNode history = http.get("/tasks/" + id + "/events/history").json();
        assertThat(history).extracting(e -> e.get("type").asString())
                .containsExactly("taskcast:audit", "taskcast:status", "taskcast:audit");
        assertThat(history.get(2).get("data").get("blacklisted").asBoolean()).isTrue();

        // and w1 is not given it again, w2 is
        assertThat(http.get("/workers/pull?workerId=" + w1 + "&timeout=500&taskTypes=" + type).status())
                .isEqualTo(204);
        assertThat(pull(http, w2, type)).isEqualTo(id);
    }

    @Test
    void shouldAnswerBadPollsAndDeclinesWith400NamingTheField(Http http) {
        assertThat(http.get("/workers/pull").status()).isEqualTo(400);
        assertThat(http.get("/workers/pull").body()).contains("workerId");
        assertThat(http.get("/workers/pull?workerId=w&timeout=abc").body()).contains("timeout");
        assertThat(http.get("/workers/pull?workerId=w&timeout=0").status()).isEqualTo(400);
        assertThat(http.get("/workers/pull?workerId=w&weight=-1").body()).contains("weight");
        Http.Response decline = http.post("/workers/tasks/t/decline", "{\"blacklist\":true}");
        assertThat(decline.status()).isEqualTo(400);
        assertThat(decline.body()).contains("workerId");
        assertThat(http.post("/workers/tasks/t/decline", "{\"workerId\":\"w\",\"blacklist\":\"yes\"}").body())
                .contains("blacklist");
    }

    /** Polls as {@code worker}, taking tasks of {@code type} only, until it is given one. */
    private static String pull(Http http, String worker, String type) {
        Http.Response r = http.get("/workers/pull?workerId=" + worker + "&timeout=20000&taskTypes=" + type);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("id").asString();
    }

    private static String create(Http http, String assignMode, String type) {
        String id = "task-" + UUID.randomUUID();
        Http.Response r = http.post("/tasks", "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"assignMode\":\""
                + assignMode + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return id;
    }
}
