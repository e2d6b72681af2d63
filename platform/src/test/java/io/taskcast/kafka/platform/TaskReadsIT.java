package io.taskcast.kafka.platform;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.postgres.ArchiveReads;
import io.taskcast.kafka.platform.postgres.ArchiveWrites;
import io.taskcast.kafka.platform.postgres.PostgresArchive;
import io.taskcast.kafka.platform.postgres.PostgresUrl;
import io.taskcast.kafka.platform.redis.RedisConnections;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.platform.redis.TaskHistory;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Reads come from Redis while it has the task, and from the archive once its terminal retention expired. */
@ExtendWith(EmbeddedStackExtension.class)
class TaskReadsIT {

    private static final Duration RETENTION = Duration.ofSeconds(1);

    private static RedisClient redis;
    private static RedisTaskViews views;
    private static PostgresArchive archive;
    private static ArchiveWrites writes;
    private static TaskReads reads;
    private static TaskReads redisOnly;

    @BeforeAll
    static void connect(EmbeddedStack stack) {
        redis = RedisConnections.open(stack.redisUrl());
        views = new RedisTaskViews(redis, RETENTION);
        archive = new PostgresArchive(PostgresUrl.parse(stack.postgresUrl()));
        archive.migrate();
        writes = new ArchiveWrites(archive);
        reads = new TaskReads(views, new ArchiveReads(archive));
        redisOnly = new TaskReads(views, null);
    }

    @AfterAll
    static void disconnect() {
        archive.close();
        redis.close();
    }

    @Test
    void shouldServeATaskFromTheArchiveOnceRedisLetItExpire() {
        ArchiveSamples given = new ArchiveSamples("task-" + UUID.randomUUID(), 1_700_000_000_000L);
        String taskId = given.completed.id();
        views.apply(given.running, given.firstBatch);
        views.apply(given.completed, given.secondBatch);
        Snapshot hot = snapshot(reads, taskId);
        archive(given);

        await().atMost(Duration.ofSeconds(10)).until(() -> views.findTask(taskId).isEmpty());

        assertThat(views.history(taskId)).isEmpty();
        assertThat(snapshot(reads, taskId)).isEqualTo(hot);
        assertThat(hot.task()).isEqualTo(given.completed);
        assertThat(hot.history()).hasSize(7);
        assertThat(reads.listTasks()).contains(given.completed);
    }

    @Test
    void shouldPreferRedisWhileItHasTheTask() {
        ArchiveSamples given = new ArchiveSamples("task-" + UUID.randomUUID(), 1_700_000_000_000L);
        String taskId = given.running.id();
        archive(given);
        // Redis is ahead of the archive: it has only the running task and the first batch.
        views.apply(given.running, given.firstBatch);

        assertThat(reads.findTask(taskId)).contains(given.running);
        assertThat(reads.history(taskId)).isEqualTo(views.history(taskId)).hasSize(4);
        assertThat(reads.listTasks()).contains(given.running).doesNotContain(given.completed);
    }

    @Test
    void shouldReadOnlyRedisWithoutAnArchive() {
        ArchiveSamples given = new ArchiveSamples("task-" + UUID.randomUUID(), 1_700_000_000_000L);
        archive(given);

        assertThat(redisOnly.findTask(given.completed.id())).isEmpty();
        assertThat(redisOnly.history(given.completed.id())).isEmpty();
        assertThat(redisOnly.listTasks()).doesNotContain(given.completed);
    }

    @Test
    void shouldFindNothingWhereNeitherStoreHasTheTask() {
        String taskId = "unknown-" + UUID.randomUUID();

        assertThat(reads.findTask(taskId)).isEmpty();
        assertThat(reads.historyWithSeriesStates(taskId)).isEqualTo(new TaskHistory(List.of(), Map.of()));
    }

    private static void archive(ArchiveSamples given) {
        writes.write(List.of(given.running), given.firstBatch).block();
        writes.write(List.of(given.completed), given.secondBatch).block();
    }

    private static Snapshot snapshot(TaskReads from, String taskId) {
        return new Snapshot(from.findTask(taskId).orElse(null), from.history(taskId), from.historyFrom(taskId, 5),
                from.seriesStates(taskId), from.historyWithSeriesStates(taskId));
    }

    private record Snapshot(Task task, List<TaskEvent> history, List<TaskEvent> fromFive,
                            Map<String, TaskEvent> seriesStates, TaskHistory withStates) {
    }
}
