package io.taskcast.kafka.processor.archive;

import io.taskcast.kafka.embedded.EmbeddedPostgresServer;
import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.postgres.ArchiveReads;
import io.taskcast.kafka.platform.postgres.PostgresArchive;
import io.taskcast.kafka.platform.postgres.PostgresUrl;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A Postgres restart stalls only the archiver; it catches up afterwards and the archive is complete. */
@ExtendWith(EmbeddedStackExtension.class)
class ArchiverPostgresOutageIT {

    private final Path dataDir = Path.of("target", "archiver-outage-pg-" + UUID.randomUUID()).toAbsolutePath();
    private final Path binaries = Path.of("target", "embedded-pg-bin").toAbsolutePath();
    private EmbeddedPostgresServer postgres;
    private PostgresArchive archive;
    private ArchiverHarness harness;

    @BeforeEach
    void start(EmbeddedStack stack) throws Exception {
        postgres = EmbeddedPostgresServer.start(dataDir, binaries, 0, true);
        archive = new PostgresArchive(PostgresUrl.parse(postgres.url()));
        archive.migrate();
        harness = new ArchiverHarness(stack.kafkaBootstrapServers(), "archiver-outage-it");
    }

    @AfterEach
    void stop() {
        harness.close();
        archive.close();
        postgres.close();
    }

    @Test
    void shouldCatchUpWithEveryRecordAfterAPostgresRestart() throws Exception {
        Archives task = Archives.of("task-" + UUID.randomUUID(), 0, 60);
        ArchiveReads reads = new ArchiveReads(archive);
        harness.startArchiver(archive);
        harness.publish(List.of(task.running()), task.records().subList(0, 20), true);
        await().atMost(Duration.ofSeconds(60)).until(harness::caughtUp);

        int port = postgres.port();
        postgres.close();
        harness.publish(List.of(), task.records().subList(20, 60), true);
        harness.publish(List.of(task.completed()), List.of(), true);

        // Stalled: nothing committed past what Postgres holds, for as long as it is down.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> !harness.caughtUp());
        assertThat(harness.caughtUp()).isFalse();

        postgres = EmbeddedPostgresServer.start(dataDir, binaries, port, true);
        await().atMost(Duration.ofSeconds(90)).until(harness::caughtUp);

        assertThat(task.read(reads)).contains(task.expectedArchive());
    }
}
