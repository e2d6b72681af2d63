package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.platform.redis.RedisKeys;
import io.taskcast.kafka.processor.engine.Cleanups;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.cleanup.CleanupRules;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cleanup rules (api.md §10) executed for real: each target with event filters, from the task and
 * from configuration, removed from Redis and from the Postgres archive alike, never before they are
 * due, and not brought back by a replay of the log.
 */
@ExtendWith(EmbeddedStackExtension.class)
class CleanupIT {

    private static final String PREFIX = "cleanup";
    /** Configured for every task of type cfg.*: drop progress events of latest series stamped before completion. */
    private static final String CONFIGURED = "[{\"name\":\"old-progress\",\"match\":{\"taskTypes\":[\"cfg.*\"]},"
            + "\"target\":\"events\",\"eventFilter\":{\"types\":[\"progress\"],\"olderThanMs\":0,"
            + "\"seriesMode\":[\"latest\"]}}]";

    @RegisterExtension
    static final SharedTaskcast TASKCAST = SharedTaskcast.withEnvironment("cleanup", Map.of(
            "TASKCAST_KAFKA_TOPIC_PREFIX", PREFIX, "TASKCAST_CLEANUP_RULES", CONFIGURED));

    private static Stores stores;

    @BeforeAll
    static void connect(Stores shared) {
        stores = shared;
    }

    @Test
    void shouldRemoveOnlyTheSelectedEventsFromBothStoresForAnEventsRule(Http http) {
        // given a task whose rule removes its debug llm.* events at completion
        String id = run(http, "llm.chat", "{\"target\":\"events\",\"eventFilter\":{\"types\":[\"llm.*\"],"
                + "\"levels\":[\"debug\"]}}");

        // when it completes, then only index 1 (llm.delta, debug) goes
        List<Long> kept = List.of(0L, 2L, 3L, 4L, 5L);
        awaitHistories(id, kept);
        assertThat(http.get("/tasks/" + id).status()).isEqualTo(200);
        assertThat(stores.archived().findTask(id).blockOptional()).isPresent();
        assertThat(http.get("/tasks/" + id + "/events/history").json().findValues("index"))
                .extracting(n -> n.asLong()).containsExactlyElementsOf(kept);
    }

    @Test
    void shouldRemoveTheTaskAndEverythingUnderItFromBothStoresForATaskRule(Http http) {
        String id = run(http, "t", "{\"target\":\"task\",\"eventFilter\":{\"types\":[\"llm.*\"]}}");

        awaitGone(id);
        assertThat(http.get("/tasks/" + id).status()).isEqualTo(404);
        assertThat(http.get("/tasks/" + id + "/events/history").status()).isEqualTo(404);
        assertThat(http.get("/tasks").body()).doesNotContain(id);
    }

    @Test
    void shouldRemoveTheTaskForAnAllRuleAndKeepItsIdTaken(Http http) {
        String id = run(http, "t", "{\"target\":\"all\",\"eventFilter\":{\"levels\":[\"debug\"]}}");

        awaitGone(id);
        Http.Response again = http.post("/tasks", "{\"id\":\"" + id + "\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("Task already exists: " + id);
    }

    @Test
    void shouldApplyConfiguredRulesToMatchingTasksOnly(Http http) {
        // given the configured rule (latest series, stamped before completion) and a task of its type
        String id = run(http, "cfg.job", null);
        String other = run(http, "other", null);

        // then the progress event (index 4) goes, the rest stays; a task of another type keeps everything
        awaitHistories(id, List.of(0L, 1L, 2L, 3L, 5L));
        awaitHistories(other, List.of(0L, 1L, 2L, 3L, 4L, 5L));
    }

    @Test
    void shouldNotApplyARuleBeforeItIsDue(Http http) {
        // given a rule due 4 s after completion
        String id = run(http, "t", "{\"target\":\"all\",\"trigger\":{\"afterMs\":4000}}");
        long completedAt = stores.views().findTask(id).orElseThrow().completedAt();

        // when it is gone, it went no earlier than due (checked against the wall clock of this machine)
        awaitGone(id);
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(completedAt + 4000);
    }

    @Test
    void shouldNotBringCleanedDataBackOnReplay(Http http) {
        // given an events rule applied and a removed task
        String trimmed = run(http, "llm.chat", "{\"target\":\"events\",\"eventFilter\":{\"levels\":[\"debug\"]}}");
        String removed = run(http, "t", "{\"target\":\"all\"}");
        List<Long> kept = List.of(0L, 3L, 4L, 5L);
        awaitHistories(trimmed, kept);
        awaitGone(removed);

        // when both views lose the trimmed task and are rebuilt from the log
        stores.redis().del(RedisKeys.task(trimmed), RedisKeys.events(trimmed), RedisKeys.series(trimmed));
        stores.writes().cleanups().apply(new TaskCleanup(trimmed, 0,
                CleanupRules.fromJson("[{\"target\":\"all\"}]", "r"))).block();
        stores.replay(PREFIX, null, new Cleanups(CleanupRules.fromJson(CONFIGURED, "configured")));

        // then the trimmed task is back without its cleaned events, the removed one stays away
        assertThat(indexes(stores.views().history(trimmed))).isEqualTo(kept);
        assertThat(indexes(stores.archived().history(trimmed).block())).isEqualTo(kept);
        assertThat(stores.views().findTask(removed)).isEmpty();
        assertThat(stores.archived().findTask(removed).blockOptional()).isEmpty();
    }

    /**
     * Creates a task with the rule (if any) and runs it (index 0, its status event), publishes
     * 1 llm.delta debug, 2 log debug, 3 llm.delta info, 4 progress (latest series) info, and
     * completes it (5).
     */
    private static String run(Http http, String type, String rule) {
        String id = "cleanup-" + UUID.randomUUID();
        String cleanup = rule == null ? "" : ",\"cleanup\":{\"rules\":[" + rule + "]}";
        assertThat(http.post("/tasks", "{\"id\":\"" + id + "\",\"type\":\"" + type + "\"" + cleanup + "}").status())
                .isEqualTo(201);
        assertThat(http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
        assertThat(http.post("/tasks/" + id + "/events", "["
                + "{\"type\":\"llm.delta\",\"level\":\"debug\",\"data\":{\"t\":\"a\"}},"
                + "{\"type\":\"log\",\"level\":\"debug\",\"data\":{\"line\":1}},"
                + "{\"type\":\"llm.delta\",\"level\":\"info\",\"data\":{\"t\":\"b\"}},"
                + "{\"type\":\"progress\",\"seriesId\":\"p\",\"seriesMode\":\"latest\",\"data\":{\"pct\":50}}]")
                .status()).isEqualTo(201);
        // The archive holds the task before it completes: otherwise "gone from both stores" could be seen
        // before the archiver had even written the task, which it then would, until the cleanup reached it.
        await().atMost(Duration.ofSeconds(30)).until(() -> stores.archived().findTask(id).blockOptional().isPresent()
                && stores.archived().history(id).block().size() == 5);
        assertThat(http.patch("/tasks/" + id + "/status", "{\"status\":\"completed\"}").status()).isEqualTo(200);
        return id;
    }

    private static void awaitHistories(String id, List<Long> indexes) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(indexes(stores.views().history(id))).as("Redis history of " + id).isEqualTo(indexes);
            assertThat(indexes(stores.archived().history(id).block())).as("archived history of " + id).isEqualTo(indexes);
        });
    }

    private static void awaitGone(String id) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(stores.views().findTask(id)).as("Redis task " + id).isEmpty();
            assertThat(stores.redis().exists(RedisKeys.events(id))).as("Redis events of " + id).isFalse();
            assertThat(stores.redis().zscore(RedisKeys.taskIndex(), id)).as("Redis index entry of " + id).isNull();
            Optional<Task> task = stores.archived().findTask(id).blockOptional();
            assertThat(task).as("archived task " + id).isEmpty();
            assertThat(stores.archived().history(id).block()).as("archived events of " + id).isEmpty();
        });
    }

    private static List<Long> indexes(List<TaskEvent> events) {
        return events.stream().map(TaskEvent::index).toList();
    }
}
