package io.taskcast.kafka.embedded;

import static io.taskcast.kafka.embedded.StackClients.consumeFromStart;
import static io.taskcast.kafka.embedded.StackClients.createTopic;
import static io.taskcast.kafka.embedded.StackClients.execute;
import static io.taskcast.kafka.embedded.StackClients.produce;
import static io.taskcast.kafka.embedded.StackClients.queryStrings;
import static io.taskcast.kafka.embedded.StackClients.redis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskcast.kafka.embedded.EmbeddedStack.Options;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

class EmbeddedStackIT {

    /** Unpacked once per module build, shared by every test here. */
    static final Path PG_BINARIES = Path.of("target", "embedded-pg-bin");

    static Path freshDir() {
        return Path.of("target", "embedded-stack-it", UUID.randomUUID().toString()).toAbsolutePath();
    }

    @Test
    void shouldServeKafkaRedisAndPostgresOnFreePorts() throws Exception {
        Path dir = freshDir();
        try (EmbeddedStack stack = EmbeddedStack.start(Options.ephemeral(dir).withPostgresBinariesDir(PG_BINARIES))) {
            createTopic(stack, "smoke");
            produce(stack, "smoke", "task-1", "created");
            assertThat(consumeFromStart(stack, "smoke", 1)).containsExactly("task-1=created");

            try (RedisClient redis = redis(stack)) {
                redis.set("greeting", "hello");
                assertThat(redis.get("greeting")).isEqualTo("hello");
            }

            assertThat(queryStrings(stack, "select 1")).containsExactly("1");
        }
        assertThat(dir).as("ephemeral data is deleted on close").doesNotExist();
    }

    @Test
    void shouldKeepDataOfAllThreeAcrossRestartInPersistentMode() throws Exception {
        Options options = Options.persistent(freshDir()).withPostgresBinariesDir(PG_BINARIES);
        try (EmbeddedStack stack = EmbeddedStack.start(options)) {
            createTopic(stack, "durable");
            produce(stack, "durable", "task-1", "created");
            try (RedisClient redis = redis(stack)) {
                redis.set("task-1", "running");
            }
            execute(stack, "create table task (id text primary key)");
            execute(stack, "insert into task values ('task-1')");
        }

        try (EmbeddedStack restarted = EmbeddedStack.start(options)) {
            assertThat(consumeFromStart(restarted, "durable", 1)).containsExactly("task-1=created");
            try (RedisClient redis = redis(restarted)) {
                assertThat(redis.get("task-1")).isEqualTo("running");
            }
            assertThat(queryStrings(restarted, "select id from task")).containsExactly("task-1");
        }
        Utils.delete(options.dataDir().toFile());
    }

    @Test
    void shouldNameTheComponentAndPortWhenAPortIsInUse() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            Options options = Options.ephemeral(freshDir()).withPostgresBinariesDir(PG_BINARIES).withPorts(0, port, 0);

            assertThatThrownBy(() -> EmbeddedStack.start(options))
                    .isInstanceOf(EmbeddedStartException.class)
                    .hasMessage("Embedded Redis could not start on port " + port + ": port already in use");
        }
    }

    @Test
    void shouldRefuseAKafkaPortInUse() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();

            assertThatThrownBy(() -> EmbeddedKafka.start(freshDir(), port))
                    .isInstanceOf(EmbeddedStartException.class)
                    .hasMessage("Embedded Kafka could not start on port " + port + ": port already in use");
        }
    }

    @Test
    void shouldRefuseADataDirectoryThatARunningStackUses() throws Exception {
        Options options = Options.persistent(freshDir()).withPostgresBinariesDir(PG_BINARIES);
        try (EmbeddedStack running = EmbeddedStack.start(options)) {

            assertThatThrownBy(() -> EmbeddedStack.start(options))
                    .isInstanceOf(EmbeddedStartException.class)
                    .hasMessageStartingWith("Embedded Kafka could not start on port ")
                    .hasMessageContaining("is in use by another running instance")
                    .satisfies(failure -> assertThat(failure.getSuppressed()).extracting(Throwable::getMessage)
                            .allSatisfy(message -> assertThat(message).contains("is in use by another running instance"))
                            .hasSize(2));

            assertThat(queryStrings(running, "select 1")).as("the running stack is untouched").containsExactly("1");
        }
        Utils.delete(options.dataDir().toFile());
    }
}
