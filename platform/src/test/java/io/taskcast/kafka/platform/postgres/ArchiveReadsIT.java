package io.taskcast.kafka.platform.postgres;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.ArchiveSamples;
import io.taskcast.kafka.platform.redis.RedisConnections;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The archive's reads against a real Postgres return exactly what the Redis view returns for the same data. */
@ExtendWith(EmbeddedStackExtension.class)
class ArchiveReadsIT {

    private static RedisClient redis;
    private static RedisTaskViews views;
    private static PostgresArchive archive;
    private static ArchiveWrites writes;
    private static ArchiveReads reads;

    @BeforeAll
    static void connect(EmbeddedStack stack) {
        redis = RedisConnections.open(stack.redisUrl());
        views = new RedisTaskViews(redis, null);
        archive = new PostgresArchive(PostgresUrl.parse(stack.postgresUrl()));
        archive.migrate();
        writes = new ArchiveWrites(archive);
        reads = new ArchiveReads(archive);
    }

    @AfterAll
    static void disconnect() {
        archive.close();
        redis.close();
    }

    @Test
    void shouldReadBackWhatRedisReadsForTheSameAppliedData() {
        ArchiveSamples given = appliedToBoth("task-" + UUID.randomUUID());
        String taskId = given.completed.id();

        assertThat(reads.findTask(taskId).block()).isEqualTo(views.findTask(taskId).orElseThrow())
                .isEqualTo(given.completed);
        assertThat(reads.history(taskId).block()).isEqualTo(views.history(taskId)).hasSize(7);
        assertThat(reads.seriesStates(taskId).block()).isEqualTo(views.seriesStates(taskId)).containsOnlyKeys("llm");
        assertThat(reads.historyWithSeriesStates(taskId).block()).isEqualTo(views.historyWithSeriesStates(taskId));
        for (long from = 0; from <= 9; from++) {
            assertThat(reads.historyFrom(taskId, from).block()).as("from %d", from)
                    .isEqualTo(views.historyFrom(taskId, from));
        }
    }

    @Test
    void shouldSerializeTheArchivedRecordsToTheSameJsonAsRedisOnes() {
        ArchiveSamples given = appliedToBoth("task-" + UUID.randomUUID());
        String taskId = given.completed.id();

        // Byte for byte: json columns keep documents as written, key order included.
        assertThat(Json.toString(reads.findTask(taskId).block()))
                .isEqualTo(Json.toString(views.findTask(taskId).orElseThrow()));
        assertThat(Json.toString(reads.history(taskId).block())).isEqualTo(Json.toString(views.history(taskId)));
    }

    @Test
    void shouldListArchivedTasksOldestFirst() {
        ArchiveSamples newer = appliedToBoth("task-b-" + UUID.randomUUID(), 2_000_000_000_000L);
        ArchiveSamples older = appliedToBoth("task-a-" + UUID.randomUUID(), 1_999_000_000_000L);

        List<Task> listed = reads.listTasks().block();

        assertThat(listed).containsSubsequence(older.completed, newer.completed);
    }

    @Test
    void shouldFindNothingForAnUnknownTask() {
        String taskId = "unknown-" + UUID.randomUUID();

        assertThat(reads.findTask(taskId).blockOptional()).isEmpty();
        assertThat(reads.history(taskId).block()).isEmpty();
        assertThat(reads.historyFrom(taskId, 0).block()).isEmpty();
        assertThat(reads.seriesStates(taskId).block()).isEmpty();
        assertThat(reads.historyWithSeriesStates(taskId).block()).isEqualTo(views.historyWithSeriesStates(taskId));
    }

    private static ArchiveSamples appliedToBoth(String taskId) {
        return appliedToBoth(taskId, 1_700_000_000_000L);
    }

    private static ArchiveSamples appliedToBoth(String taskId, long createdAt) {
        ArchiveSamples samples = new ArchiveSamples(taskId, createdAt);
        views.apply(samples.running, samples.firstBatch);
        views.apply(samples.completed, samples.secondBatch);
        writes.write(List.of(samples.running), samples.firstBatch).block();
        writes.write(List.of(samples.completed), samples.secondBatch).block();
        return samples;
    }
}
