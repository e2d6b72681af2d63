package io.taskcast.kafka.embedded;

import static io.taskcast.kafka.embedded.StackClients.consumeFromStart;
import static io.taskcast.kafka.embedded.StackClients.queryStrings;
import static io.taskcast.kafka.embedded.StackClients.redis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskcast.kafka.embedded.EmbeddedStack.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * A JVM killed with -9 leaves redis-server and postgres running as orphans that hold the data
 * directories. The next start on the same directory must end them and find the data.
 */
class OrphanRecoveryIT {

    @Test
    void shouldEndServersOrphanedByAKilledJvmAndKeepTheirData() throws Exception {
        Path dir = EmbeddedStackIT.freshDir();
        Path childLog = Files.createDirectories(dir).resolve("child.log");

        killAfterReady(startChild(dir, childLog), childLog);
        ProcessHandle orphanRedis = processIn(dir.resolve("redis/redis.pid"));
        ProcessHandle orphanPostgres = processIn(dir.resolve("postgres/data/postmaster.pid"));
        assertThat(orphanRedis.isAlive()).as("redis-server outlived the killed JVM").isTrue();
        assertThat(orphanPostgres.isAlive()).as("postgres outlived the killed JVM").isTrue();

        try (EmbeddedStack restarted = EmbeddedStack.start(options(dir))) {
            assertThat(orphanRedis.isAlive()).isFalse();
            assertThat(orphanPostgres.isAlive()).isFalse();
            assertThat(consumeFromStart(restarted, "durable", 1)).containsExactly("task-1=created");
            try (RedisClient redis = redis(restarted)) {
                assertThat(redis.get("task-1")).isEqualTo("running");
            }
            assertThat(queryStrings(restarted, "select id from task")).containsExactly("task-1");
        }
        Utils.delete(dir.toFile());
    }

    @Test
    void shouldEndOrphansHoldingTheFixedPortsTheRestartAsksFor() throws Exception {
        Path dir = EmbeddedStackIT.freshDir();
        Path childLog = Files.createDirectories(dir).resolve("child.log");
        int[] ports = Ports.free(2);

        killAfterReady(startChild(dir, childLog, String.valueOf(ports[0]), String.valueOf(ports[1])), childLog);
        ProcessHandle orphanRedis = processIn(dir.resolve("redis/redis.pid"));
        ProcessHandle orphanPostgres = processIn(dir.resolve("postgres/data/postmaster.pid"));
        try {
            assertThat(Ports.isFree(ports[0])).as("the orphaned redis-server holds its port").isFalse();
            assertThat(Ports.isFree(ports[1])).as("the orphaned postgres holds its port").isFalse();

            try (EmbeddedStack restarted = EmbeddedStack.start(options(dir).withPorts(0, ports[0], ports[1]))) {
                assertThat(orphanRedis.isAlive()).isFalse();
                assertThat(orphanPostgres.isAlive()).isFalse();
                assertThat(restarted.redisUrl()).endsWith(":" + ports[0]);
                try (RedisClient redis = redis(restarted)) {
                    assertThat(redis.get("task-1")).isEqualTo("running");
                }
                assertThat(queryStrings(restarted, "select id from task")).containsExactly("task-1");
            }
        } finally {
            // A failed restart would leave them running.
            orphanRedis.destroy();
            orphanPostgres.destroy();
        }
        Utils.delete(dir.toFile());
    }

    private static Options options(Path dir) {
        return Options.persistent(dir).withPostgresBinariesDir(EmbeddedStackIT.PG_BINARIES);
    }

    private static Process startChild(Path dir, Path log, String... ports) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                CrashingStackMain.class.getName(), dir.toString(), options(dir).postgresBinariesDir().toString()));
        command.addAll(List.of(ports));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** SIGKILL, like kill -9: the JVM runs no shutdown hook and cannot stop its child processes. */
    private static void killAfterReady(Process child, Path log) throws InterruptedException {
        try {
            await().atMost(Duration.ofMinutes(2))
                    .failFast("child JVM exited early, see " + log, () -> !child.isAlive())
                    .until(() -> Files.readString(log, StandardCharsets.UTF_8).contains(CrashingStackMain.READY));
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
    }

    private static ProcessHandle processIn(Path pidFile) throws IOException {
        long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.US_ASCII).get(0).trim());
        return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid + " from " + pidFile));
    }
}
