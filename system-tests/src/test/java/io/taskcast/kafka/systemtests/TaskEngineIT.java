package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.redis.RedisConnections;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The task engine on real Kafka, through the REST API: races resolve in the one processor task
 * that owns each task, indexes stay contiguous under concurrent publishers, and time-driven
 * changes (TTL, resume) happen by themselves.
 */
@ExtendWith({EmbeddedStackExtension.class, SharedTaskcast.class})
class TaskEngineIT {

    private static Http http;
    private static RedisClient redis;
    private static RedisTaskViews views;

    @BeforeAll
    static void start(EmbeddedStack stack, Http http) {
        TaskEngineIT.http = http;
        redis = RedisConnections.open(stack.redisUrl());
        views = new RedisTaskViews(redis, null);
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void shouldLetExactlyOneOfTwentyConcurrentTerminalTransitionsWin() throws Exception {
        // given
        create("race-1");
        assertThat(http.patch("/tasks/race-1/status", "{\"status\":\"running\"}").status()).isEqualTo(200);

        // when
        List<Http.Response> responses = concurrently(20,
                i -> http.patch("/tasks/race-1/status", "{\"status\":\"completed\",\"result\":{\"winner\":" + i + "}}"));

        // then
        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 409).hasSize(19)
                .allSatisfy(r -> assertThat(r.body()).isEqualTo(
                        "{\"error\":\"Invalid transition: completed → completed\",\"code\":\"INVALID_TRANSITION\"}"));
        List<TaskEvent> history = views.history("race-1");
        assertThat(history).extracting(e -> e.data().get("status").asString()).containsExactly("running", "completed");
        assertThat(history).extracting(TaskEvent::index).containsExactly(0L, 1L);
    }

    @Test
    void shouldGiveFiftyConcurrentPublishersContiguousIndexes() throws Exception {
        // given
        create("publishers-1");

        // when: 50 publishers, 10 events each (half as batches of 2)
        List<Http.Response> responses = concurrently(50, i -> i % 2 == 0
                ? http.post("/tasks/publishers-1/events", "{\"type\":\"p\",\"data\":{\"from\":" + i + "}}")
                : http.post("/tasks/publishers-1/events", "[{\"type\":\"p\",\"data\":{\"from\":" + i
                        + "}},{\"type\":\"p\",\"data\":{\"from\":" + i + "}}]"));

        // then
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
        List<Long> acknowledged = new ArrayList<>();
        responses.forEach(r -> {
            var json = r.json();
            (json.isArray() ? json.valueStream().toList() : List.of(json))
                    .forEach(e -> acknowledged.add(e.get("index").asLong()));
        });
        List<Long> expected = LongStream.range(0, 75).boxed().toList();
        assertThat(acknowledged).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(views.history("publishers-1")).extracting(TaskEvent::index).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldTimeOutATaskWhoseTtlPassesWithoutAnyRequest() {
        assertThat(http.post("/tasks", "{\"id\":\"ttl-1\",\"ttl\":1}").status()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(http.get("/tasks/ttl-1").json().get("status").asString()).isEqualTo("timeout"));
        assertThat(views.history("ttl-1")).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(TaskEvent.STATUS_TYPE);
            assertThat(e.data().toString()).isEqualTo("{\"status\":\"timeout\"}");
        });
    }

    @Test
    void shouldWakeABlockedTaskAtResumeTime() {
        create("wake-1");
        http.patch("/tasks/wake-1/status", "{\"status\":\"running\"}");
        Http.Response blocked = http.patch("/tasks/wake-1/status",
                "{\"status\":\"blocked\",\"resumeAfterMs\":500,\"blockedRequest\":{\"type\":\"approval\",\"data\":{}}}");
        assertThat(blocked.json().get("resumeAt").asLong())
                .isEqualTo(blocked.json().get("updatedAt").asLong() + 500);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(http.get("/tasks/wake-1").json().get("status").asString()).isEqualTo("running"));
        assertThat(http.get("/tasks/wake-1").json().has("blockedRequest")).isFalse();
    }

    @Test
    void shouldResolveABlockedTaskWithStatusThenResolvedEvents() {
        create("resolve-1");
        http.patch("/tasks/resolve-1/status", "{\"status\":\"running\"}");
        http.patch("/tasks/resolve-1/status", "{\"status\":\"blocked\",\"blockedRequest\":{\"type\":\"q\",\"data\":1}}");

        Http.Response resolved = http.post("/tasks/resolve-1/resolve", "{\"data\":\"yes\"}");

        assertThat(resolved.status()).isEqualTo(200);
        assertThat(resolved.json().get("status").asString()).isEqualTo("running");
        assertThat(resolved.json().get("result").toString()).isEqualTo("{\"resolution\":\"yes\"}");
        assertThat(views.history("resolve-1")).extracting(TaskEvent::type).containsExactly(
                TaskEvent.STATUS_TYPE, TaskEvent.STATUS_TYPE, TaskEvent.STATUS_TYPE, TaskEvent.RESOLVED_TYPE);
        assertThat(http.post("/tasks/resolve-1/resolve", "{\"data\":\"again\"}").body())
                .isEqualTo("{\"error\":\"Task is not blocked\",\"code\":\"TASK_NOT_BLOCKED\"}");
    }

    @Test
    void shouldKeepTheAccumulatedSeriesBesideEveryDelta() {
        create("series-1");
        for (int i = 1; i <= 5; i++) {
            http.post("/tasks/series-1/events", "{\"type\":\"llm.delta\",\"seriesId\":\"s\",\"seriesMode\":\"accumulate\","
                    + "\"data\":{\"delta\":\"chunk" + i + "\"}}");
        }

        assertThat(views.history("series-1")).hasSize(5);
        assertThat(views.seriesStates("series-1").get("s").data().toString())
                .isEqualTo("{\"delta\":\"chunk1chunk2chunk3chunk4chunk5\"}");
        assertThat(views.seriesStates("series-1").get("s").index()).isEqualTo(4);
    }

    @Test
    void shouldRefusePublishingToATerminalTask() {
        create("done-1");
        http.patch("/tasks/done-1/status", "{\"status\":\"cancelled\"}");

        Http.Response response = http.post("/tasks/done-1/events", "{\"type\":\"late\",\"data\":null}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(
                "{\"error\":\"Cannot publish to task in terminal status: cancelled\",\"code\":\"TASK_TERMINAL\"}");
    }

    private static void create(String id) {
        assertThat(http.post("/tasks", "{\"id\":\"" + id + "\"}").status()).isEqualTo(201);
    }

    private static List<Http.Response> concurrently(int n, java.util.function.IntFunction<Http.Response> request)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Http.Response>> futures = pool.invokeAll(IntStream.range(0, n)
                    .mapToObj(i -> (Callable<Http.Response>) () -> request.apply(i)).toList());
            List<Http.Response> responses = new ArrayList<>();
            for (Future<Http.Response> f : futures) {
                responses.add(f.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
