package io.taskcast.kafka.platform.postgres;

import io.taskcast.kafka.embedded.EmbeddedPostgresServer;
import io.taskcast.kafka.platform.ArchiveSamples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive's connection pool outlives a Postgres restart: the first read after Postgres is back
 * answers, as a reader that did not touch the archive during the outage (an ingest-only instance,
 * no health probe polling) expects.
 */
class PostgresArchiveReconnectIT {

    private final Path dataDir = Path.of("target", "archive-reconnect-pg-" + UUID.randomUUID()).toAbsolutePath();
    private final Path binaries = Path.of("target", "embedded-pg-bin").toAbsolutePath();
    private EmbeddedPostgresServer postgres;
    private PostgresArchive archive;

    @BeforeEach
    void start() {
        postgres = EmbeddedPostgresServer.start(dataDir, binaries, 0, true);
        archive = new PostgresArchive(PostgresUrl.parse(postgres.url()));
        archive.migrate();
    }

    @AfterEach
    void stop() {
        archive.close();
        postgres.close();
    }

    @Test
    void shouldReadRightAfterPostgresRestarted() {
        // given: a task archived and read, so the pool holds open connections
        ArchiveSamples given = new ArchiveSamples("task-" + UUID.randomUUID(), 1_700_000_000_000L);
        new ArchiveWrites(archive).write(List.of(given.completed), given.firstBatch).block();
        ArchiveReads reads = new ArchiveReads(archive);
        assertThat(reads.findTask(given.completed.id()).block()).isEqualTo(given.completed);

        // when: Postgres stops and starts again on the same port, nobody using the archive meanwhile
        int port = postgres.port();
        postgres.close();
        postgres = EmbeddedPostgresServer.start(dataDir, binaries, port, true);

        // then: the very next read answers
        assertThat(reads.findTask(given.completed.id()).block()).isEqualTo(given.completed);
    }
}
