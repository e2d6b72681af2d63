package io.taskcast.kafka.processor.replay;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.postgres.ArchiveReads;
import io.taskcast.kafka.platform.postgres.ArchiveWrites;
import io.taskcast.kafka.platform.postgres.PostgresArchive;
import io.taskcast.kafka.platform.postgres.PostgresUrl;
import io.taskcast.kafka.platform.redis.RedisConnections;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.processor.archive.Archiver;
import io.taskcast.kafka.processor.archive.ArchiverAutoConfiguration;
import io.taskcast.kafka.processor.archive.ArchiverProperties;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.TaskError;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CreateTask;
import io.taskcast.kafka.schemas.command.EventInput;
import io.taskcast.kafka.schemas.command.PublishEvents;
import io.taskcast.kafka.schemas.command.TransitionTask;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Postgres archive is a view of the topics (architecture invariant 7): after the real processor
 * and the archiver filled it, emptying its tables and replaying the topics brings every row of
 * {@code taskcast_tasks}, {@code taskcast_events} and {@code taskcast_series} back exactly.
 */
@ExtendWith(EmbeddedStackExtension.class)
class PostgresReplayIT {

    private static final List<String> TABLES = List.of("taskcast_tasks", "taskcast_events", "taskcast_series");
    private static final int ROUNDS = 4;

    private static PostgresUrl url;
    private static String bootstrapServers;
    private static PostgresArchive archive;
    private static RedisClient redis;
    private static RedisTaskViews views;
    private static ProcessorHarness processor;
    private static Archiver archiver;
    private static Map<String, TaskStatus> tasks;

    @BeforeAll
    static void processAndArchiveTasks(EmbeddedStack stack, @TempDir Path stateDir) throws Exception {
        url = ownDatabase(stack);
        bootstrapServers = stack.kafkaBootstrapServers();
        archive = new PostgresArchive(url);
        archive.migrate();
        redis = RedisConnections.open(stack.redisUrl());
        views = new RedisTaskViews(redis, null);
        processor = new ProcessorHarness(bootstrapServers, views, stateDir);
        archiver = startArchiver();

        String run = UUID.randomUUID().toString();
        tasks = new LinkedHashMap<>();
        tasks.put("completed-" + run, TaskStatus.COMPLETED);
        tasks.put("failed-" + run, TaskStatus.FAILED);
        tasks.put("running-" + run, TaskStatus.RUNNING);
        tasks.put("pending-" + run, TaskStatus.PENDING);
        for (Map.Entry<String, TaskStatus> task : tasks.entrySet()) {
            processor.send(commands(task.getKey(), task.getValue()));
        }
        await().atMost(Duration.ofSeconds(90)).until(PostgresReplayIT::archivedAsProcessed);
        // From here on only the replay writes the archive.
        archiver.stop();
    }

    @AfterAll
    static void stop() {
        if (archiver != null) {
            archiver.stop();
        }
        processor.close();
        archive.close();
        redis.close();
    }

    @Test
    void shouldRebuildEveryArchiveRowIdenticallyAfterTheTablesWereEmptied() throws SQLException {
        // given: the archive as the archiver wrote it, then emptied
        Map<String, List<String>> before = rows();
        assertThat(before.get("taskcast_tasks")).hasSize(4);
        // 3 tasks ran: a taskcast:status event each, per round a plain and an accumulate event, the last
        // latest-series event (it replaced the others); and the 2 terminal ones their final status event
        assertThat(before.get("taskcast_events")).hasSize(3 * (1 + 2 * ROUNDS + 1) + 2);
        assertThat(before.get("taskcast_series")).hasSize(3);
        truncate();
        assertThat(rows()).isEqualTo(Map.of("taskcast_tasks", List.of(), "taskcast_events", List.of(),
                "taskcast_series", List.of()));

        // when
        ReplaySummary summary = replayer().replay(request(), ReplayProgress.SILENT);

        // then: every row of every table, every column, as before
        assertThat(rows()).isEqualTo(before);
        assertThat(summary.tasksWritten()).isEqualTo(4);
        assertThat(summary.eventsWritten()).isEqualTo(3 * (1 + 3 * ROUNDS) + 2);
        assertThat(summary.skipped()).isZero();
    }

    @Test
    void shouldChangeNothingWhenReplayedOverAnIntactArchive() throws SQLException {
        // given
        Map<String, List<String>> before = rows();
        assertThat(before.get("taskcast_tasks")).hasSize(4);

        // when
        replayer().replay(request(), ReplayProgress.SILENT);

        // then
        assertThat(rows()).isEqualTo(before);
    }

    /** A database of its own on the shared server: the test empties whole tables. */
    private static PostgresUrl ownDatabase(EmbeddedStack stack) throws SQLException {
        PostgresUrl shared = PostgresUrl.parse(stack.postgresUrl());
        String name = "postgres_replay_it_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection conn = DriverManager.getConnection(shared.jdbcUrl(), shared.user(), shared.password());
             Statement statement = conn.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return new PostgresUrl(shared.host(), shared.port(), name, shared.user(), shared.password());
    }

    private static Archiver startArchiver() {
        ArchiverProperties properties = new ArchiverProperties(50, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(100));
        TaskcastProperties.Kafka kafka = new TaskcastProperties.Kafka(bootstrapServers, processor.prefix,
                ProcessorHarness.PARTITIONS, (short) 1, Duration.ofSeconds(15));
        Map<String, Object> config = ArchiverAutoConfiguration.consumerConfig(kafka, properties);
        ArchiveWrites writes = new ArchiveWrites(archive);
        Archiver started = new Archiver(() -> new KafkaConsumer<>(config), processor.topics, writes, writes.cleanups(),
                properties);
        started.start();
        return started;
    }

    /**
     * Every task reached its final status in Redis and the archive reads back what Redis holds. The
     * archiver reads only committed records, so the topics then hold everything too.
     */
    private static boolean archivedAsProcessed() {
        ArchiveReads reads = new ArchiveReads(archive);
        return tasks.entrySet().stream().allMatch(task -> {
            String id = task.getKey();
            return views.findTask(id).filter(t -> t.status() == task.getValue()).isPresent()
                    && views.findTask(id).equals(reads.findTask(id).blockOptional())
                    && views.historyWithSeriesStates(id).equals(reads.historyWithSeriesStates(id).block());
        });
    }

    private static ViewReplayer replayer() {
        Map<String, Object> config = ViewReplayer.consumerConfig(bootstrapServers);
        return ViewReplayer.of(() -> new KafkaConsumer<>(config), null, null, new ArchiveWrites(archive),
                Clock.systemUTC());
    }

    private static ReplayRequest request() {
        return new ReplayRequest(processor.topics, ReplayTarget.POSTGRES, null, null);
    }

    /**
     * Create (with params, metadata, tags), then — unless the task stays pending — run and publish
     * rounds of a plain, an accumulate and a latest-series event, then the final transition.
     */
    private static List<Command> commands(String taskId, TaskStatus last) {
        List<Command> commands = new ArrayList<>();
        commands.add(new CreateTask(id(), taskId, "replay.pg", json("{\"prompt\":\"hi\",\"n\":1}"),
                json("{\"owner\":\"it\"}"), null, null, null, null, List.of("a", "b")));
        if (last == TaskStatus.PENDING) {
            return commands;
        }
        commands.add(transition(taskId, TaskStatus.RUNNING, null, null));
        for (int i = 0; i < ROUNDS; i++) {
            commands.add(new PublishEvents(id(), taskId, List.of(
                    new EventInput("log", Level.INFO, json("{\"line\":" + i + "}"), null, null, null),
                    new EventInput("llm.delta", Level.DEBUG, json("{\"delta\":\"part" + i + " \"}"), "out",
                            SeriesMode.ACCUMULATE, null),
                    new EventInput("progress", Level.INFO, json("{\"percent\":" + (i * 25) + "}"), "p",
                            SeriesMode.LATEST, null))));
        }
        if (last == TaskStatus.COMPLETED) {
            commands.add(transition(taskId, last, json("{\"answer\":\"done\"}"), null));
        } else if (last == TaskStatus.FAILED) {
            commands.add(transition(taskId, last, null, new TaskError("BOOM", "it broke", json("{\"at\":3}"))));
        }
        return commands;
    }

    private static TransitionTask transition(String taskId, TaskStatus status, JsonNode result, TaskError error) {
        return new TransitionTask(id(), taskId, status, result, error, null, null, null, null);
    }

    /** Every row of the three tables, each as the JSON text of the whole row, in key order. */
    private static Map<String, List<String>> rows() throws SQLException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        try (Connection conn = connect(); Statement statement = conn.createStatement()) {
            rows.put("taskcast_tasks", query(statement, "SELECT row_to_json(t)::text FROM taskcast_tasks t ORDER BY id"));
            rows.put("taskcast_events", query(statement,
                    "SELECT row_to_json(e)::text FROM taskcast_events e ORDER BY task_id, idx"));
            rows.put("taskcast_series", query(statement,
                    "SELECT row_to_json(s)::text FROM taskcast_series s ORDER BY task_id, series_id"));
        }
        return rows;
    }

    private static List<String> query(Statement statement, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private static void truncate() throws SQLException {
        try (Connection conn = connect(); Statement statement = conn.createStatement()) {
            statement.execute("TRUNCATE " + String.join(", ", TABLES));
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    private static JsonNode json(String json) {
        return Json.fromString(json, JsonNode.class);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
