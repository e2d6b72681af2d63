package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.FreePort;
import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.redis.RedisConnections;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis holds only a view of the Kafka log. Restarted empty under a running system, the view is
 * rebuilt by the processor, and until it is, every read says so (503 naming Redis) instead of
 * answering 404 or a partial history. Stopped for a while and back with its data, every request
 * answers in bounded time meanwhile (reads 503 naming Redis, writes Kafka took 202) and the
 * processor's retried view writes catch up.
 */
@ExtendWith(EmbeddedStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(7)
class RedisRestartIT {

    private static final Duration START = Duration.ofSeconds(180);
    /** Far above the Redis client's timeouts and the API's reply timeout (5 s): a request over it hung. */
    private static final Duration BOUNDED = Duration.ofSeconds(20);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private KillableRedis redis;
    private TaskcastProcess app;
    private Api api;

    @BeforeAll
    void start(EmbeddedStack stack) throws Exception {
        Path state = Files.createTempDirectory("redis-restart-state");
        redis = KillableRedis.start(Path.of("target", "redis-restart-" + run).toAbsolutePath());
        int port = FreePort.next();
        app = TaskcastProcess.start(List.of("-Dtaskcast.kafka.topic-prefix=redis-restart-" + run),
                "run", "--roles", "processor,ingest,gateway", "--port", "" + port,
                "--kafka", stack.kafkaBootstrapServers(), "--redis-url", redis.url(),
                "--postgres-url", stack.postgresUrl(), "--state-dir", state.toString());
        app.awaitReady(START);
        api = new Api(new Http(port));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void shouldRebuildTheViewByItselfAfterRedisRestartedEmptyAndNeverAnswerWithAPartOfIt() {
        // given: a completed task and three running ones, with events, as the API answers them
        List<String> ids = IntStream.range(0, 4).mapToObj(i -> "lost-" + run + "-" + i).toList();
        ids.forEach(api::createAndRun);
        List<String> running = ids.subList(1, ids.size());
        api.publishRounds(ids, 0, 3);
        api.complete(ids.get(0));
        Map<String, Seen> before = new LinkedHashMap<>();
        ids.forEach(id -> before.put(id, api.seen(id)));
        Map<String, Integer> publishedBefore = new LinkedHashMap<>();
        ids.forEach(id -> publishedBefore.put(id, api.published.get(id).size()));

        // when: Redis is killed and comes back empty, under the running system
        redis.killAndLoseData();
        redis.restart();

        // then: until the view is back, each read is the truth or a 503 naming Redis (reads first: the
        // rebuild waits out the transaction timeout, 10 s, and the writes below may take a reply timeout each)
        List<String> unavailable = new ArrayList<>();
        for (String id : ids) {
            checkTruthfulOr503(api.http.get("/tasks/" + id), body ->
                    assertThat(withoutUpdatedAt(body)).isEqualTo(withoutUpdatedAt(before.get(id).task())), unavailable);
            checkTruthfulOr503(api.http.get("/tasks/" + id + "/events/history"), body ->
                    assertThat(ids(body)).startsWith(ids(before.get(id).history()).toArray(String[]::new)), unavailable);
        }
        checkSseTruthfulOr503(ids.get(0), before.get(ids.get(0)).sseIds(), unavailable);
        assertThat(unavailable).as("answers while the view was being rebuilt").isNotEmpty();
        // and writes go on: a write does not read the view (auth mode none), so it is taken by the log and
        // answered 202 while the processor cannot write the view, or a 503 naming Redis
        running.forEach(id -> api.publishOrUnavailable(id, 3, unavailable));
        String createdMeanwhile = "lost-" + run + "-new";
        Http.Response create = bounded(() -> api.http.post("/tasks", Api.createBody(createdMeanwhile)));
        assertThat(create.status()).as(create.body()).isIn(201, 202);
        await("the processor logging the lost view").atMost(Duration.ofSeconds(30))
                .until(() -> String.join("\n", app.stdout()).contains("Redis view lost"));

        // and: the view is rebuilt by itself; events published after it are added once each
        await("the view rebuilt by itself (readiness 200)").atMost(Duration.ofSeconds(120))
                .until(() -> api.http.get("/health/ready").status() == 200);
        // 202 is possible: the processor may still be recovering the thread that waited for the view
        for (int round = 4; round < 6; round++) {
            for (String id : running) {
                api.publishAcknowledged(id, round);
            }
        }
        for (String id : ids) {
            await("the acknowledged events of " + id).atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(api.seen(id).history()).hasSize(before.get(id).history().size()
                            + api.published.get(id).size() - publishedBefore.get(id) + 2 * api.pending.getOrDefault(id, 0)));
            Seen after = api.seen(id);
            assertThat(withoutUpdatedAt(after.task())).as("task %s", id)
                    .isEqualTo(withoutUpdatedAt(before.get(id).task()));
            List<String> history = ids(after.history());
            assertThat(history).as("history of %s keeps every event from before", id)
                    .startsWith(ids(before.get(id).history()).toArray(String[]::new));
            assertThat(history).as("history of %s holds every acknowledged event once", id)
                    .containsAll(api.published.get(id)).doesNotHaveDuplicates()
                    .hasSize(before.get(id).history().size() + api.published.get(id).size() - publishedBefore.get(id)
                            + 2 * api.pending.getOrDefault(id, 0));
            assertThat(indexes(after.history())).as("indexes of %s", id)
                    .isEqualTo(IntStream.range(0, history.size()).boxed().map(Long::valueOf).toList());
            assertThat(inRedis(id)).as("Redis itself holds %s (not the archive answering)", id).isEqualTo(history);
        }
        assertThat(api.seen(ids.get(0)).sseIds()).isEqualTo(before.get(ids.get(0)).sseIds());
        assertThat(api.seen(createdMeanwhile).task().get("status").asString()).isEqualTo("pending");
        assertThat(inRedis(createdMeanwhile)).isEqualTo(ids(api.seen(createdMeanwhile).history()));
    }

    @Test
    void shouldAnswerInBoundedTimeWhileRedisHangs() throws Exception {
        // given: a task
        String task = "hung-" + run;
        api.createAndRun(task);

        // when: redis-server is paused (SIGSTOP): connections are accepted, nothing is answered
        redis.signal("STOP");
        try {
            // then: reads and readiness answer 503 naming Redis within bounds, not when Redis wakes up
            assertUnavailable(() -> api.http.get("/tasks/" + task));
            assertUnavailable(() -> api.http.get("/tasks/" + task + "/events/history"));
            Http.Response ready = bounded(() -> api.http.get("/health/ready"));
            assertThat(ready.status()).as(ready.body()).isEqualTo(503);
            assertThat(ready.json().get("dependencies").get("redis").get("ok").asBoolean()).isFalse();
        } finally {
            redis.signal("CONT");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> api.http.get("/tasks/" + task).status() == 200);
        api.publishRounds(List.of(task), 0, 1);
    }

    @Test
    void shouldAnswerInBoundedTimeWhileRedisIsDownAndCatchUpWhenItIsBack() {
        // given: a running task with events
        String task = "down-" + run + "-0";
        api.createAndRun(task);
        api.publishRounds(List.of(task), 0, 2);
        int historyBefore = api.seen(task).history().size();

        // when: Redis is stopped (its data kept)
        redis.stop();

        // then: reads and readiness answer 503 naming Redis, within bounds
        assertUnavailable(() -> api.http.get("/tasks/" + task));
        assertUnavailable(() -> api.http.get("/tasks/" + task + "/events/history"));
        assertUnavailable(() -> api.http.get("/tasks"));
        Http.Response ready = bounded(() -> api.http.get("/health/ready"));
        assertThat(ready.status()).as(ready.body()).isEqualTo(503);
        assertThat(ready.json().get("dependencies").get("redis").get("ok").asBoolean()).isFalse();
        SseClient sse = bounded(() -> SseClient.open(api.http, "/tasks/" + task + "/events"));
        sse.close();
        assertThat(sse.status()).as(sse.body()).isEqualTo(503);

        // and: a create is taken by Kafka, and said to be (202, durable); a publish is 202 or a clear 503
        String created = "down-" + run + "-1";
        Http.Response create = bounded(() -> api.http.post("/tasks", Api.createBody(created)));
        assertThat(create.status()).as(create.body()).isEqualTo(202);
        Http.Response publish = bounded(() -> api.http.post("/tasks/" + task + "/events", Api.round(9)));
        assertThat(publish.status()).as(publish.body()).isIn(202, 503);
        if (publish.status() == 503) {
            assertClear(publish);
        }

        // when: Redis is back with its data
        redis.restart();

        // then: what Kafka took is applied, and the view is whole again
        await("the create taken while Redis was down").atMost(Duration.ofSeconds(90))
                .until(() -> api.http.get("/tasks/" + created).status() == 200);
        api.publishAcknowledged(task, 10);
        int expected = historyBefore + 2 + 2 * api.pending.getOrDefault(task, 0) + (publish.status() == 202 ? 2 : 0);
        await("the acknowledged events of " + task).atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(api.seen(task).history()).hasSize(expected));
        Seen after = api.seen(task);
        assertThat(ids(after.history())).containsAll(api.published.get(task)).doesNotHaveDuplicates().hasSize(expected);
        assertThat(indexes(after.history()))
                .isEqualTo(IntStream.range(0, after.history().size()).boxed().map(Long::valueOf).toList());
        assertThat(api.http.get("/tasks/" + created).json().get("status").asString()).isEqualTo("pending");
        assertThat(inRedis(task)).isEqualTo(ids(after.history()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(inRedis(created)).isEqualTo(ids(api.seen(created).history())));
        assertThat(api.http.get("/health/ready").status()).isEqualTo(200);
    }

    private static void assertUnavailable(Supplier<Http.Response> request) {
        Http.Response response = bounded(request);
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertClear(response);
    }

    private static void assertClear(Http.Response response) {
        assertThat(response.json().get("code").asString()).isEqualTo("REDIS_UNAVAILABLE");
        assertThat(response.json().get("error").asString()).contains("Redis");
    }

    /** A 503 must name Redis; anything else must be true ({@code truth} checks the body). */
    private static void checkTruthfulOr503(Http.Response response, java.util.function.Consumer<JsonNode> truth,
                                           List<String> unavailable) {
        if (response.status() == 503) {
            assertClear(response);
            unavailable.add(response.body());
            return;
        }
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        truth.accept(response.json());
    }

    private void checkSseTruthfulOr503(String completedTask, List<String> expected, List<String> unavailable) {
        try (SseClient sse = bounded(() -> SseClient.open(api.http, "/tasks/" + completedTask + "/events"))) {
            if (sse.status() == 503) {
                await().atMost(BOUNDED).until(sse::ended);
                assertThat(sse.body()).contains("REDIS_UNAVAILABLE");
                unavailable.add(sse.body());
                return;
            }
            assertThat(sse.status()).isEqualTo(200);
            await().atMost(BOUNDED).until(() -> sse.doneReason() != null);
            assertThat(sse.frames().stream().filter(f -> "taskcast.event".equals(f.event())).map(SseClient.Frame::id)
                    .toList()).isEqualTo(expected);
        }
    }

    private static <T> T bounded(Supplier<T> request) {
        long started = System.nanoTime();
        T answer = request.get();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answer time").isLessThan(BOUNDED);
        return answer;
    }

    /** The event ids of the task's history in Redis, read directly; fails when Redis lacks the task. */
    private List<String> inRedis(String taskId) {
        try (RedisClient client = RedisConnections.open(redis.url())) {
            RedisTaskViews views = new RedisTaskViews(client, null);
            assertThat(views.findTask(taskId)).as("task %s in Redis", taskId).isPresent();
            return views.history(taskId).stream().map(TaskEvent::id).toList();
        }
    }

    private static JsonNode withoutUpdatedAt(JsonNode task) {
        JsonNode copy = task.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) copy).remove("updatedAt");
        return copy;
    }

    private static List<String> ids(JsonNode history) {
        List<String> ids = new ArrayList<>();
        history.forEach(event -> ids.add(event.get("id").asString()));
        return ids;
    }

    private static List<Long> indexes(JsonNode history) {
        List<Long> indexes = new ArrayList<>();
        history.forEach(event -> indexes.add(event.get("index").asLong()));
        return indexes;
    }

    /** A task as the API shows it: its body, its history, and the event ids its SSE stream replays. */
    private record Seen(JsonNode task, JsonNode history, List<String> sseIds) {
    }

    /** Writes through the API, keeping the events it acknowledged (201) and the publishes it took (202). */
    private static final class Api {
        final Http http;
        final Map<String, Set<String>> published = new LinkedHashMap<>();
        final Map<String, Integer> pending = new LinkedHashMap<>();

        Api(Http http) {
            this.http = http;
        }

        static String createBody(String taskId) {
            return "{\"id\":\"" + taskId + "\",\"type\":\"redis.restart\",\"params\":{\"prompt\":\"hi\"}}";
        }

        static String round(int round) {
            return "[{\"type\":\"log\",\"level\":\"info\",\"data\":{\"round\":" + round + "}},"
                    + "{\"type\":\"llm.delta\",\"seriesId\":\"out\",\"seriesMode\":\"accumulate\","
                    + "\"data\":{\"delta\":\"r" + round + " \"}}]";
        }

        void createAndRun(String taskId) {
            answered(201, http.post("/tasks", createBody(taskId)));
            answered(200, http.patch("/tasks/" + taskId + "/status", "{\"status\":\"running\"}"));
            published.put(taskId, new HashSet<>());
        }

        void publishRounds(List<String> taskIds, int firstRound, int rounds) {
            for (int round = firstRound; round < firstRound + rounds; round++) {
                for (String taskId : taskIds) {
                    answered(201, http.post("/tasks/" + taskId + "/events", round(round)))
                            .forEach(event -> published.get(taskId).add(event.get("id").asString()));
                }
            }
        }

        /** One publish that must be acknowledged: 201 (kept) or 202 (counted). */
        void publishAcknowledged(String taskId, int round) {
            Http.Response response = http.post("/tasks/" + taskId + "/events", round(round));
            assertThat(response.status()).as(response.body()).isIn(201, 202);
            if (response.status() == 201) {
                response.json().forEach(event -> published.get(taskId).add(event.get("id").asString()));
            } else {
                pending.merge(taskId, 1, Integer::sum);
            }
        }

        /** One publish while Redis may be unavailable: 201 (kept), 202 (counted), or a clear 503. */
        void publishOrUnavailable(String taskId, int round, List<String> unavailable) {
            Http.Response response = bounded(() -> http.post("/tasks/" + taskId + "/events", round(round)));
            switch (response.status()) {
                case 201 -> response.json().forEach(event -> published.get(taskId).add(event.get("id").asString()));
                case 202 -> pending.merge(taskId, 1, Integer::sum);
                case 503 -> {
                    assertClear(response);
                    unavailable.add(response.body());
                }
                default -> throw new AssertionError("publish answered " + response.status() + ": " + response.body());
            }
        }

        void complete(String taskId) {
            answered(200, http.patch("/tasks/" + taskId + "/status", "{\"status\":\"completed\",\"result\":{}}"));
        }

        Seen seen(String taskId) {
            JsonNode task = answered(200, http.get("/tasks/" + taskId));
            JsonNode history = answered(200, http.get("/tasks/" + taskId + "/events/history"));
            List<String> sseIds = List.of();
            if ("completed".equals(task.get("status").asString())) {
                try (SseClient sse = SseClient.open(http, "/tasks/" + taskId + "/events")) {
                    await().atMost(BOUNDED).until(() -> sse.doneReason() != null);
                    sseIds = sse.frames().stream().filter(f -> "taskcast.event".equals(f.event()))
                            .map(SseClient.Frame::id).toList();
                }
            }
            return new Seen(task, history, sseIds);
        }

        private static JsonNode answered(int status, Http.Response response) {
            assertThat(response.status()).as(response.body()).isEqualTo(status);
            return response.json();
        }
    }
}
