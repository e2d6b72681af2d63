package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.FreePort;
import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.postgres.ArchiveReads;
import io.taskcast.kafka.platform.postgres.PostgresArchive;
import io.taskcast.kafka.platform.postgres.PostgresUrl;
import io.taskcast.kafka.platform.redis.RedisConnections;
import io.taskcast.kafka.platform.redis.RedisKeys;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.platform.redis.TaskHistory;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Postgres is not on the write path. Killed and held down for 30 s while publishers write through
 * the API and subscribers follow their tasks, it costs no acknowledged write and no live event;
 * every request is answered in bounded time — writes and reads Redis can serve as usual, reads that
 * need the archive 503 {@code ARCHIVE_UNAVAILABLE} (never a 404 or 500), readiness names Postgres —
 * and once it is back the archiver catches up until the archive holds exactly what was published:
 * every event the API returned, every task as it last returned it.
 */
@ExtendWith(EmbeddedStackExtension.class)
@Order(9)
class ArchiveAfterPostgresRestartIT {

    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    /** The archive read timeout (15 s, TaskReads) with room for a loaded machine; a hang meets Http's 30 s. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(22);
    private static final String STATUS_EVENT = "taskcast:status";

    @TempDir
    Path temp;

    /** What the archive holds for one task, or must hold. */
    private record Archived(Task task, List<TaskEvent> published, TaskHistory history) {
    }

    @Test
    void shouldAnswerInBoundedTimeLoseNothingAndCatchUpAcrossAPostgresOutageOf30Seconds(EmbeddedStack stack)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int port = FreePort.next();
        Path postgresDir = Path.of("target", "pg-restart-" + run).toAbsolutePath();
        try (KillablePostgres postgres = KillablePostgres.start(postgresDir);
             TaskcastProcess app = TaskcastProcess.start(jvmOptions(run), args(stack, postgres, port));
             RedisClient redis = RedisConnections.open(stack.redisUrl())) {
            app.awaitReady(START);
            Acknowledged api = new Acknowledged(new Http(port));
            RedisTaskViews views = new RedisTaskViews(redis, null);

            // given: three running tasks with events, archived, and a finished one only the archive still holds
            List<String> early = IntStream.range(0, 3).mapToObj(i -> "pgr-" + run + "-" + i).toList();
            early.forEach(api::createAndRun);
            api.publishRounds(early, 0, 3);
            String gone = "pgr-" + run + "-archived";
            api.createAndRun(gone);
            api.publishRounds(List.of(gone), 0, 2);
            api.complete(gone);
            List<String> archivedFirst = new ArrayList<>(early);
            archivedFirst.add(gone);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(archived(postgres, archivedFirst)).isEqualTo(inRedis(views, archivedFirst)));
            Archived goneArchived = new Archived(api.tasks.get(gone), api.events.get(gone),
                    views.historyWithSeriesStates(gone));
            letRedisForget(redis, gone);
            assertThat(api.http.get("/tasks/" + gone).status()).as("served from the archive").isEqualTo(200);
            // and subscribers following the running tasks (every event: since.* turns off the late-join collapse)
            List<SseClient> subscribers = early.stream()
                    .map(id -> SseClient.open(api.http, "/tasks/" + id + "/events?since.timestamp=0")).toList();

            // when: Postgres is killed and held down while publishers keep writing
            postgres.kill();
            Instant killed = Instant.now();
            await().atMost(Duration.ofSeconds(30)).until(() -> !postgresReady(api.http));
            List<String> late = IntStream.range(3, 5).mapToObj(i -> "pgr-" + run + "-" + i).toList();
            late.forEach(api::createAndRun);
            api.complete(early.get(0));
            List<String> running = new ArrayList<>(early.subList(1, early.size()));
            running.addAll(late);
            AtomicBoolean outageOver = new AtomicBoolean();
            CompletableFuture<Integer> publishing = CompletableFuture.supplyAsync(() -> {
                int round = 3;
                while (!outageOver.get()) {
                    api.publishRounds(running, round++, 1);
                }
                return round - 3;
            });

            // then: reads Redis serves are served; reads that need the archive say so with 503, all in bounded time
            assertArchiveUnavailable(timed(() -> api.http.get("/tasks")), "the task list");
            assertArchiveUnavailable(timed(() -> api.http.get("/tasks/" + gone)), gone);
            assertArchiveUnavailable(timed(() -> api.http.get("/tasks/" + gone + "/events/history")), gone);
            assertArchiveUnavailable(timed(() -> api.http.get("/tasks/pgr-" + run + "-never")), "-never");
            try (SseClient stream = timed(() -> SseClient.open(api.http, "/tasks/" + gone + "/events"))) {
                assertThat(stream.status()).as("SSE of a task only the archive holds").isEqualTo(503);
                await().atMost(Duration.ofSeconds(10)).until(stream::ended);
                assertThat(stream.body()).contains("\"code\":\"ARCHIVE_UNAVAILABLE\"", "Postgres");
            }
            String hot = early.get(1);
            assertThat(timed(() -> api.http.get("/tasks/" + hot)).status()).isEqualTo(200);
            assertThat(timed(() -> api.http.get("/tasks/" + hot + "/events/history")).status()).isEqualTo(200);
            assertThat(timed(() -> api.http.get("/webhooks/failed")).status()).isEqualTo(200);
            try (SseClient stream = timed(() -> SseClient.open(api.http, "/tasks/" + hot + "/events"))) {
                assertThat(stream.status()).as("SSE of a task Redis holds").isEqualTo(200);
            }
            Http.Response readiness = timed(() -> api.http.get("/health/ready"));
            assertThat(readiness.status()).isEqualTo(503);
            assertThat(readiness.json().get("dependencies").get("postgres").get("ok").asBoolean()).isFalse();
            assertThat(readiness.json().get("dependencies").get("redis").get("ok").asBoolean()).isTrue();
            assertThat(readiness.json().get("dependencies").get("kafka").get("ok").asBoolean()).isTrue();
            // and the detail Taskcast's doctor reads says the same, with 200 so that it can be read
            Http.Response detail = timed(() -> api.http.get("/health/detail"));
            assertThat(detail.status()).isEqualTo(200);
            assertThat(detail.json().get("ok").asBoolean()).isFalse();
            assertThat(detail.json().get("adapters").get("longTermStore").get("status").asString()).isEqualTo("error");
            assertThat(detail.json().get("adapters").get("shortTermStore").get("status").asString()).isEqualTo("ok");
            // and it stays down for the whole outage while the publishers go on
            await().atMost(OUTAGE.plusSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                assertThat(postgresReady(api.http)).as("Postgres still down").isFalse();
                return Duration.between(killed, Instant.now()).compareTo(OUTAGE) >= 0;
            });
            outageOver.set(true);
            int roundsWhileDown = publishing.get(60, TimeUnit.SECONDS);
            assertThat(postgresReady(api.http)).as("Postgres still down after those writes").isFalse();
            System.out.printf("ArchiveAfterPostgresRestartIT: Postgres down %d s, %d publish rounds acknowledged meanwhile%n",
                    Duration.between(killed, Instant.now()).toSeconds(), roundsWhileDown);
            assertThat(roundsWhileDown).as("publish rounds acknowledged while Postgres was down").isGreaterThanOrEqualTo(3);

            // when: it comes back on the same port; more writes follow
            postgres.restart();
            await().atMost(Duration.ofSeconds(30)).until(() -> postgresReady(api.http));
            assertThat(api.http.get("/tasks/" + gone).status()).as("the archive serves again").isEqualTo(200);
            List<String> all = new ArrayList<>(early);
            all.addAll(late);
            api.publishRounds(running, 1000, 2);
            running.forEach(api::complete);

            // then: the archive catches up to exactly what the API acknowledged and Redis holds, no more
            Map<String, Archived> expected = new LinkedHashMap<>();
            for (String id : all) {
                expected.put(id, new Archived(api.tasks.get(id), api.events.get(id), views.historyWithSeriesStates(id)));
            }
            expected.put(gone, goneArchived);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(archivedTasks(postgres)).isEqualTo(expected));
            // and every subscriber saw its task's whole history, in order, then done
            for (int i = 0; i < early.size(); i++) {
                SseClient stream = subscribers.get(i);
                Supplier<String> server = SseClient.taskAccount(api.http, early.get(i));
                stream.awaitEnded(Duration.ofSeconds(30), () -> server.get() + ", its last warnings " + app.lastWarnings(5));
                assertThat(stream.events()).extracting(e -> e.get("rawIndex").asLong()).as("what the subscriber of %s saw", early.get(i))
                        .isEqualTo(expected.get(early.get(i)).history().events().stream().map(TaskEvent::index).toList());
                assertThat(stream.doneReason()).isEqualTo("completed");
                stream.close();
            }
        }
    }

    private static <T> T timed(Supplier<T> request) {
        long start = System.nanoTime();
        T answer = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("answered after %s", took).isLessThan(ANSWER_BOUND);
        return answer;
    }

    private static void assertArchiveUnavailable(Http.Response response, String named) {
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.json().get("code").asString()).isEqualTo("ARCHIVE_UNAVAILABLE");
        assertThat(response.json().get("error").asString()).contains("archive (Postgres)").contains(named);
    }

    /** What hot retention does to a finished task: its keys leave Redis; the archive keeps it. */
    private static void letRedisForget(RedisClient redis, String taskId) {
        redis.del(RedisKeys.task(taskId), RedisKeys.events(taskId), RedisKeys.series(taskId));
        redis.zrem(RedisKeys.taskIndex(), taskId);
    }

    /**
     * Reads through a pool of its own, opened for this read: a pool kept across the restart fails its
     * first reads (see PostgresArchiveReconnectIT), and the application, not this reader, is under test.
     */
    private static <T> T readArchive(KillablePostgres postgres, Function<ArchiveReads, T> read) {
        try (PostgresArchive archive = new PostgresArchive(PostgresUrl.parse(postgres.url()))) {
            return read.apply(new ArchiveReads(archive));
        }
    }

    /** Every task in the archive, with the events it holds (those published, and whole). */
    private static Map<String, Archived> archivedTasks(KillablePostgres postgres) {
        return readArchive(postgres, reads -> {
            Map<String, Archived> archived = new LinkedHashMap<>();
            for (Task task : reads.listTasks().block()) {
                TaskHistory history = reads.historyWithSeriesStates(task.id()).block();
                List<TaskEvent> published = history.events().stream()
                        .filter(e -> !STATUS_EVENT.equals(e.type())).toList();
                archived.put(task.id(), new Archived(task, published, history));
            }
            return archived;
        });
    }

    private static Map<String, Object> archived(KillablePostgres postgres, List<String> ids) {
        return readArchive(postgres, reads -> {
            Map<String, Object> archived = new LinkedHashMap<>();
            ids.forEach(id -> archived.put(id, List.of(reads.findTask(id).blockOptional(),
                    reads.historyWithSeriesStates(id).block())));
            return archived;
        });
    }

    private static Map<String, Object> inRedis(RedisTaskViews views, List<String> ids) {
        Map<String, Object> held = new LinkedHashMap<>();
        ids.forEach(id -> held.put(id, List.of(views.findTask(id), views.historyWithSeriesStates(id))));
        return held;
    }

    /** What the application's readiness probe says of Postgres. */
    private static boolean postgresReady(Http http) {
        return http.get("/health/ready").json().get("dependencies").get("postgres").get("ok").asBoolean();
    }

    private static List<String> jvmOptions(String run) {
        // A short retry cap, so the archiver notices the restart within seconds.
        return List.of("-Dtaskcast.kafka.topic-prefix=pg-restart-" + run, "-Dtaskcast.archiver.max-retry-backoff=2s");
    }

    private String[] args(EmbeddedStack stack, KillablePostgres postgres, int port) {
        return new String[] {"run", "--roles", "processor,ingest,gateway", "--port", "" + port,
                "--kafka", stack.kafkaBootstrapServers(), "--redis-url", stack.redisUrl(),
                "--postgres-url", postgres.url(), "--state-dir", temp.resolve("processor-state").toString()};
    }

    /** Writes through the API, keeping what it answered: each task as last returned, each event published. */
    private static final class Acknowledged {
        final Http http;
        final Map<String, Task> tasks = new ConcurrentHashMap<>();
        final Map<String, List<TaskEvent>> events = new ConcurrentHashMap<>();

        Acknowledged(Http http) {
            this.http = http;
        }

        void createAndRun(String taskId) {
            answered(201, http.post("/tasks", "{\"id\":\"" + taskId + "\",\"type\":\"pg.restart\","
                    + "\"params\":{\"prompt\":\"hi\"},\"metadata\":{\"by\":\"it\"},\"tags\":[\"x\"]}"));
            tasks.put(taskId, answered(200, http.patch("/tasks/" + taskId + "/status", "{\"status\":\"running\"}"),
                    Task.class));
            events.put(taskId, new CopyOnWriteArrayList<>());
        }

        /** {@code rounds} publishes to each task in turn, each a plain event and an accumulate delta. */
        void publishRounds(List<String> taskIds, int firstRound, int rounds) {
            for (int round = firstRound; round < firstRound + rounds; round++) {
                for (String taskId : taskIds) {
                    JsonNode published = answered(201, http.post("/tasks/" + taskId + "/events",
                            "[{\"type\":\"log\",\"level\":\"info\",\"data\":{\"round\":" + round + ",\"text\":\"é ✓\"}},"
                                    + "{\"type\":\"llm.delta\",\"seriesId\":\"out\",\"seriesMode\":\"accumulate\","
                                    + "\"data\":{\"delta\":\"r" + round + " \"}}]"));
                    published.forEach(event -> events.get(taskId).add(Json.mapper().treeToValue(event, TaskEvent.class)));
                }
            }
        }

        void complete(String taskId) {
            tasks.put(taskId, answered(200, http.patch("/tasks/" + taskId + "/status",
                    "{\"status\":\"completed\",\"result\":{\"answer\":\"" + taskId + "\"}}"), Task.class));
        }

        private static JsonNode answered(int status, Http.Response response) {
            assertThat(response.status()).as(response.body()).isEqualTo(status);
            return response.json();
        }

        private static <T> T answered(int status, Http.Response response, Class<T> type) {
            return Json.mapper().treeToValue(answered(status, response), type);
        }
    }
}
