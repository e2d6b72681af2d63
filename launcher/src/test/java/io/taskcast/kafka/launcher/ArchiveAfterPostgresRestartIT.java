package io.taskcast.kafka.launcher;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.postgres.ArchiveReads;
import io.taskcast.kafka.platform.postgres.PostgresArchive;
import io.taskcast.kafka.platform.postgres.PostgresUrl;
import io.taskcast.kafka.platform.redis.RedisConnections;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.platform.redis.TaskHistory;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Postgres is not on the write path: killed and restarted while the whole application runs, it
 * costs no acknowledged write, and once it is back the archiver catches up until the archive holds
 * exactly what was published — every event the API returned, every task as it last returned it.
 */
@ExtendWith(EmbeddedStackExtension.class)
class ArchiveAfterPostgresRestartIT {

    private static final Duration START = Duration.ofSeconds(90);
    private static final String STATUS_EVENT = "taskcast:status";

    @TempDir
    Path temp;

    /** What the archive holds for one task, or must hold. */
    private record Archived(Task task, List<TaskEvent> published, TaskHistory history) {
    }

    @Test
    void shouldArchiveEverythingPublishedAcrossAPostgresKillAndRestart(EmbeddedStack stack) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int port = FreePort.next();
        Path postgresDir = Path.of("target", "pg-restart-" + run).toAbsolutePath();
        try (KillablePostgres postgres = KillablePostgres.start(postgresDir);
             TaskcastProcess app = TaskcastProcess.start(jvmOptions(run), args(stack, postgres, port));
             RedisClient redis = RedisConnections.open(stack.redisUrl())) {
            app.awaitReady(START);
            Acknowledged api = new Acknowledged(new Http(port));
            RedisTaskViews views = new RedisTaskViews(redis, null);

            // given: three running tasks with events, archived
            List<String> early = IntStream.range(0, 3).mapToObj(i -> "pgr-" + run + "-" + i).toList();
            early.forEach(api::createAndRun);
            api.publishRounds(early, 0, 3);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(archived(postgres, early)).isEqualTo(inRedis(views, early)));

            // when: Postgres is killed; writes keep being acknowledged (201/200) while it is down
            postgres.kill();
            await().atMost(Duration.ofSeconds(30)).until(() -> !postgresReady(api.http));
            List<String> late = IntStream.range(3, 5).mapToObj(i -> "pgr-" + run + "-" + i).toList();
            late.forEach(api::createAndRun);
            api.publishRounds(early, 3, 3);
            api.publishRounds(late, 0, 3);
            api.complete(early.get(0));
            assertThat(postgresReady(api.http)).as("Postgres still down after those writes").isFalse();

            // and it comes back on the same port; more writes follow
            postgres.restart();
            await().atMost(Duration.ofSeconds(30)).until(() -> postgresReady(api.http));
            List<String> all = new ArrayList<>(early);
            all.addAll(late);
            api.publishRounds(all.subList(1, all.size()), 6, 2);
            all.subList(1, all.size()).forEach(api::complete);

            // then: the archive catches up to exactly what the API acknowledged and Redis holds, no more
            Map<String, Archived> expected = new LinkedHashMap<>();
            for (String id : all) {
                expected.put(id, new Archived(api.tasks.get(id), api.events.get(id), views.historyWithSeriesStates(id)));
            }
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(archivedTasks(postgres)).isEqualTo(expected));
            assertThat(expected.values()).extracting(task -> task.published().size()).containsExactly(12, 16, 16, 10, 10);
        }
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
        return new String[] {"run", "--roles", "processor,ingest", "--port", "" + port,
                "--kafka", stack.kafkaBootstrapServers(), "--redis-url", stack.redisUrl(),
                "--postgres-url", postgres.url(), "--state-dir", temp.resolve("processor-state").toString()};
    }

    /** Writes through the API, keeping what it answered: each task as last returned, each event published. */
    private static final class Acknowledged {
        final Http http;
        final Map<String, Task> tasks = new LinkedHashMap<>();
        final Map<String, List<TaskEvent>> events = new LinkedHashMap<>();

        Acknowledged(Http http) {
            this.http = http;
        }

        void createAndRun(String taskId) {
            answered(201, http.post("/tasks", "{\"id\":\"" + taskId + "\",\"type\":\"pg.restart\","
                    + "\"params\":{\"prompt\":\"hi\"},\"metadata\":{\"by\":\"it\"},\"tags\":[\"x\"]}"));
            tasks.put(taskId, answered(200, http.patch("/tasks/" + taskId + "/status", "{\"status\":\"running\"}"),
                    Task.class));
            events.put(taskId, new ArrayList<>());
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
