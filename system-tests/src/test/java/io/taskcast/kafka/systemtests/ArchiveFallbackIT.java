package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.redis.RedisConnections;
import io.taskcast.kafka.platform.redis.RedisKeys;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A finished task leaves Redis after the terminal retention and is then served from the Postgres
 * archive, which the archiver filled from the topics: the same task and history as before.
 */
@ExtendWith(EmbeddedStackExtension.class)
class ArchiveFallbackIT {

    @RegisterExtension
    static final SharedTaskcast SHORT_RETENTION = SharedTaskcast.withEnvironment("short-retention", Map.of(
            "TASKCAST_HOT_RETENTION_ENABLED", "true", "TASKCAST_HOT_RETENTION_TERMINAL_SECONDS", "2",
            "TASKCAST_KAFKA_TOPIC_PREFIX", "retention"));

    @Test
    void shouldServeAFinishedTaskFromTheArchiveOnceRedisLetsItGo(EmbeddedStack stack, Http http) {
        // given: a finished task with events, read while Redis still has it
        assertThat(http.post("/tasks", "{\"id\":\"archived-1\",\"type\":\"t\",\"params\":{\"b\":1,\"a\":2}}").status())
                .isEqualTo(201);
        http.patch("/tasks/archived-1/status", "{\"status\":\"running\"}");
        http.post("/tasks/archived-1/events", "[{\"type\":\"log\",\"data\":{\"z\":1,\"y\":\"\\u0000\"}},"
                + "{\"type\":\"d\",\"seriesId\":\"s\",\"seriesMode\":\"accumulate\",\"data\":{\"delta\":\"ab\"}}]");
        http.patch("/tasks/archived-1/status", "{\"status\":\"completed\",\"result\":{\"ok\":true}}");
        String task = http.get("/tasks/archived-1").body();
        String history = http.get("/tasks/archived-1/events/history").body();
        String collapsed = http.get("/tasks/archived-1/events/history?seriesFormat=accumulated").body();

        // when: the retention passes
        try (RedisClient redis = RedisConnections.open(stack.redisUrl())) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !redis.exists(RedisKeys.task("archived-1")));
        }

        // then: the archive answers with exactly the same documents (the archiver may lag a moment)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(http.get("/tasks/archived-1").body()).isEqualTo(task));
        assertThat(http.get("/tasks/archived-1/events/history").body()).isEqualTo(history);
        assertThat(http.get("/tasks/archived-1/events/history?seriesFormat=accumulated").body()).isEqualTo(collapsed);
        assertThat(http.get("/tasks?type=t").json().get("tasks").toString()).contains("\"id\":\"archived-1\"");
    }
}
