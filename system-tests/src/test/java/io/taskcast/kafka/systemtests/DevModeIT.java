package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.FreePort;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code taskcast dev} as a user runs it: the packaged jar in its own process, with embedded Kafka,
 * Redis and Postgres, data kept across a restart, and one clear line for each start-up problem.
 */
@Order(5)
class DevModeIT {

    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path temp;

    @Test
    void shouldKeepTasksAcrossARestart() throws Exception {
        Path dataDir = temp.resolve("data");
        int port = FreePort.next();
        Http http = new Http(port);

        try (TaskcastProcess first = TaskcastProcess.start(List.of(), "dev", "--port", "" + port,
                "--data-dir", dataDir.toString())) {
            first.awaitReady(START);
            assertThat(http.post("/tasks", "{\"id\":\"survivor\",\"type\":\"t\"}").status()).isEqualTo(201);
            // 143 = ended by SIGTERM after the shutdown hooks ran (Ctrl-C gives 130).
            assertThat(first.stop(Duration.ofSeconds(60))).isEqualTo(143);
            assertThat(first.stdout()).contains("Stopped.");
        }

        try (TaskcastProcess second = TaskcastProcess.start(List.of(), "dev", "--port", "" + port,
                "--data-dir", dataDir.toString())) {
            second.awaitReady(START);
            Http.Response read = http.get("/tasks/survivor");
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().get("type").asString()).isEqualTo("t");
            assertThat(http.post("/tasks", "{\"id\":\"survivor\"}").status()).isEqualTo(409);
            assertThat(second.stop(Duration.ofSeconds(60))).isEqualTo(143);
        }
    }

    @Test
    void shouldRefuseAPortInUseWithOneLine() throws Exception {
        try (ServerSocket busy = new ServerSocket(0);
             TaskcastProcess dev = TaskcastProcess.start(List.of(), "dev", "--port", "" + busy.getLocalPort(),
                     "--data-dir", temp.resolve("data").toString())) {
            assertThat(dev.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertOneClearLine(dev, "taskcast: Port " + busy.getLocalPort()
                    + " is already in use; choose another with --port or TASKCAST_PORT");
        }
    }

    @Test
    void shouldRefuseADataDirectoryItCannotUse() throws Exception {
        Path notADirectory = Files.writeString(temp.resolve("a-file"), "x");

        try (TaskcastProcess dev = TaskcastProcess.start(List.of(), "dev", "--port", "" + FreePort.next(),
                "--data-dir", notADirectory.toString())) {
            assertThat(dev.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertOneClearLine(dev, "taskcast: Cannot use data directory " + notADirectory
                    + " (a file of that name exists and is not a directory); choose another with --data-dir or TASKCAST_DATA_DIR");
        }
    }

    @Test
    void shouldReportAnUnreachableExternalKafka() throws Exception {
        int closedPort = FreePort.next();

        try (TaskcastProcess dev = TaskcastProcess.start(List.of("-Dtaskcast.kafka.request-timeout=3s"), "dev",
                "--port", "" + FreePort.next(), "--data-dir", temp.resolve("data").toString(),
                "--kafka", "localhost:" + closedPort)) {
            assertThat(dev.awaitExit(Duration.ofSeconds(90))).isEqualTo(2);
            assertOneClearLine(dev, "taskcast: Cannot reach Kafka at localhost:" + closedPort
                    + " within 3 s (taskcast.kafka.bootstrap-servers / TASKCAST_KAFKA_BOOTSTRAP_SERVERS)");
        }
    }

    private static void assertOneClearLine(TaskcastProcess process, String expected) {
        assertThat(process.stderr()).containsExactly(expected);
        assertThat(process.stderr()).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
        assertThat(process.stdout()).noneMatch(line -> line.startsWith("\tat "));
    }
}
