package io.taskcast.kafka.bench;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.postgres.ArchiveReads;
import io.taskcast.kafka.platform.postgres.PostgresArchive;
import io.taskcast.kafka.platform.postgres.PostgresUrl;
import io.taskcast.kafka.platform.redis.RedisConnections;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;
import redis.clients.jedis.RedisClient;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code taskcast bench replay} against given services (the shared embedded stack): every target's
 * replay passes its check, the bench leaves none of its topics, keys or rows behind, and it never
 * writes into topics it did not create.
 */
@ExtendWith(EmbeddedStackExtension.class)
class BenchReplayIT {

    @Test
    void shouldReplayEveryTargetWithPassingChecksAndLeaveNoTrace(EmbeddedStack stack) throws Exception {
        String prefix = "bench-it-" + UUID.randomUUID().toString().substring(0, 8);
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand()).setOut(new PrintWriter(out));

        int exit = cli.execute("replay", "--events", "2000", "--tasks", "10", "--concurrency", "4",
                "--kafka", stack.kafkaBootstrapServers(), "--redis-url", stack.redisUrl(),
                "--postgres-url", stack.postgresUrl(), "--topic-prefix", prefix);

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString())
                .containsPattern("\\| redis +\\| +2,000 \\| +10 \\|.*\\| ok +\\|")
                .containsPattern("\\| postgres +\\| +2,000 \\| +10 \\|.*\\| ok +\\|")
                .containsPattern("\\| all +\\| +2,000 \\| +10 \\|.*\\| ok +\\|")
                .contains("Redis ", "(given)", "produce: 2,000 events + 20 task snapshots");
        assertNoTraceOf(stack, prefix);
    }

    @Test
    void shouldRefuseATopicPrefixWhoseTopicsExistAndLeaveThemAlone(EmbeddedStack stack) throws Exception {
        String prefix = "bench-it-taken-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(prefix + "-events", 1, (short) 1))).all().get();

            AtomicReference<Exception> failure = new AtomicReference<>();
            int exit = new CommandLine(new BenchCommand())
                    .setExecutionExceptionHandler((e, cli, parsed) -> {
                        failure.set(e);
                        return 2;
                    })
                    .execute("replay", "--events", "20", "--tasks", "2", "--target", "redis",
                            "--kafka", stack.kafkaBootstrapServers(), "--redis-url", stack.redisUrl(),
                            "--topic-prefix", prefix);

            assertThat(exit).isEqualTo(2);
            assertThat(failure.get()).hasMessageContaining("already exist").hasMessageContaining("--topic-prefix");
            assertThat(admin.listTopics().names().get()).contains(prefix + "-events")
                    .doesNotContain(prefix + "-tasks");
        }
    }

    private static void assertNoTraceOf(EmbeddedStack stack, String prefix) throws Exception {
        try (RedisClient redis = RedisConnections.open(stack.redisUrl())) {
            assertThat(redis.keys("taskcast:{" + prefix + "*")).isEmpty();
            assertThat(redis.zrange("taskcast:tasks", 0, -1)).noneMatch(id -> id.startsWith(prefix));
        }
        try (PostgresArchive archive = new PostgresArchive(PostgresUrl.parse(stack.postgresUrl()))) {
            assertThat(new ArchiveReads(archive).listTasks().block(Duration.ofSeconds(30)))
                    .noneMatch(task -> task.id().startsWith(prefix));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(admin.listTopics().names().get()).noneMatch(name -> name.startsWith(prefix)));
        }
    }
}
