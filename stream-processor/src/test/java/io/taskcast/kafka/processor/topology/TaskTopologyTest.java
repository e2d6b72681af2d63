package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.platform.redis.ViewChange;
import com.github.f4b6a3.ulid.Ulid;
import io.taskcast.kafka.processor.TaskBuilder;
import io.taskcast.kafka.processor.engine.Cleanups;
import io.taskcast.kafka.processor.engine.TaskState;
import io.taskcast.kafka.processor.engine.WebhookFanout;
import io.taskcast.kafka.schemas.BlockedRequest;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.TimerKind;
import io.taskcast.kafka.schemas.cleanup.CleanupRules;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;
import io.taskcast.kafka.schemas.command.Accepted;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CommandResult;
import io.taskcast.kafka.schemas.command.CreateTask;
import io.taskcast.kafka.schemas.command.EventInput;
import io.taskcast.kafka.schemas.command.FireTimer;
import io.taskcast.kafka.schemas.command.PublishEvents;
import io.taskcast.kafka.schemas.command.ReleaseStorage;
import io.taskcast.kafka.schemas.command.Rejected;
import io.taskcast.kafka.schemas.command.ResolveTask;
import io.taskcast.kafka.schemas.command.TransitionTask;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Headers;
import io.taskcast.kafka.schemas.topic.Topics;
import io.taskcast.kafka.schemas.webhook.RetryPolicy;
import io.taskcast.kafka.schemas.webhook.WebhookConfig;
import io.taskcast.kafka.schemas.webhook.WebhookConfigs;
import io.taskcast.kafka.schemas.webhook.WebhookDelivery;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The processor's topology driven through the production factory {@link TaskTopology#build}, with
 * raw bytes on the commands topic as any producer would write them, a view writer that records what
 * it was given, and a wall clock the test advances for the TTL and resume timers.
 */
class TaskTopologyTest {

    private static final Topics TOPICS = Topics.withPrefix("taskcast");
    private static final String TASK_ID = "task-1";
    /** A fixed past instant, so a time taken from the real clock could not pass for it. */
    private static final long T0 = 1_600_000_000_123L;
    private static final Duration TIMER_INTERVAL = Duration.ofSeconds(1);
    private static final byte[] CORRELATION_ID = "corr-7f3a".getBytes(StandardCharsets.UTF_8);
    private static final int REPLY_PARTITION = 2;
    private static final String ULID = "[0-9A-HJKMNP-TV-Z]{26}";

    @TempDir
    Path stateDir;

    private final List<ViewWrite> viewWrites = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> commands;
    /** What the processor itself writes to the commands topic: its due timers. */
    private TestOutputTopic<String, Command> commandLog;
    private TestOutputTopic<String, Task> tasks;
    private TestOutputTopic<String, EventRecord> events;
    private TestOutputTopic<String, CommandResult> results;
    private TestOutputTopic<String, byte[]> dlq;

    private final List<TaskCleanup> viewCleanups = new ArrayList<>();
    private final List<String> viewReleases = new ArrayList<>();
    /** What the handler told its meters, in order. */
    private final List<Metered> metered = new ArrayList<>();

    record Metered(CommandMeters.Outcome outcome, long recordTimestamp) {
    }

    /** One call of the view writer, as it was made. */
    record ViewWrite(Task task, List<EventRecord> events, boolean taskChanged) {
        ViewWrite(Task task, List<EventRecord> events) {
            this(task, events, true);
        }
    }

    /** Records the view writer's calls in {@link #viewWrites} and {@link #viewCleanups}. */
    private final class RecordingViews implements ViewWriter {
        @Override
        public void write(ViewChange change) {
            viewWrites.add(new ViewWrite(change.task(), change.records(), change.taskChanged()));
        }

        @Override
        public void cleanUp(TaskCleanup cleanup) {
            viewCleanups.add(cleanup);
        }

        @Override
        public void release(String taskId) {
            viewReleases.add(taskId);
        }
    }


    @BeforeEach
    void startDriver() {
        driver = newDriver(stateDir, Instant.ofEpochMilli(T0), new RecordingViews(), Cleanups.none(),
                WebhookFanout.none(), (outcome, timestamp) -> metered.add(new Metered(outcome, timestamp)));
        commands = driver.createInputTopic(TOPICS.commands().name(), new StringSerializer(), new ByteArraySerializer());
        commandLog = driver.createOutputTopic(TOPICS.commands().name(), new StringDeserializer(),
                TOPICS.commands().valueSerde().deserializer());
        tasks = driver.createOutputTopic(TOPICS.tasks().name(), new StringDeserializer(),
                TOPICS.tasks().valueSerde().deserializer());
        events = driver.createOutputTopic(TOPICS.events().name(), new StringDeserializer(),
                TOPICS.events().valueSerde().deserializer());
        results = driver.createOutputTopic(TOPICS.commandResults().name(), new StringDeserializer(),
                TOPICS.commandResults().valueSerde().deserializer());
        dlq = driver.createOutputTopic(TOPICS.commandsDlq().name(), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    // --- create -----------------------------------------------------------------------------------

    @Test
    void shouldEmitSnapshotWriteViewAndReplyAcceptedForCreateWithReplyHeaders() {
        // given
        CreateTask create = createWithEveryField("cmd-1");

        // when
        commands.pipeInput(command(TASK_ID, Json.toBytes(create), replyHeaders(), T0));

        // then
        Task expected = pendingTask(create, T0);
        assertThat(tasks.readRecordsToList())
                .containsExactly(new TestRecord<>(TASK_ID, expected, new RecordHeaders(), Instant.ofEpochMilli(T0)));
        assertThat(events.isEmpty()).isTrue();
        assertThat(viewWrites).containsExactly(new ViewWrite(expected, List.of()));
        assertThat(results.readRecordsToList()).containsExactly(new TestRecord<>("cmd-1",
                new Accepted("cmd-1", expected, List.of()), correlationOnly(), Instant.ofEpochMilli(T0)));
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldNotCopyReplyHeadersOntoTaskSnapshot() {
        // given
        CreateTask create = createWithEveryField("cmd-1");

        // when
        commands.pipeInput(command(TASK_ID, Json.toBytes(create), replyHeaders(), T0));

        // then
        TestRecord<String, Task> snapshot = tasks.readRecord();
        assertThat(snapshot.headers().lastHeader(Headers.CORRELATION_ID)).isNull();
        assertThat(snapshot.headers().lastHeader(Headers.REPLY_PARTITION)).isNull();
    }

    @Test
    void shouldProcessCreateWithoutReplyHeadersAndSendNoReply() {
        // given
        CreateTask create = createWithEveryField("cmd-1");

        // when
        commands.pipeInput(command(TASK_ID, Json.toBytes(create), new RecordHeaders(), T0));

        // then
        Task expected = pendingTask(create, T0);
        assertThat(tasks.readRecordsToList())
                .containsExactly(new TestRecord<>(TASK_ID, expected, new RecordHeaders(), Instant.ofEpochMilli(T0)));
        assertThat(viewWrites).containsExactly(new ViewWrite(expected, List.of()));
        assertThat(storedState()).isEqualTo(new TaskState(expected, 0, Map.of(), T0 + 3_600_000));
        assertThat(results.isEmpty()).isTrue();
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldRejectDuplicateCreateWith409AndKeepFirstTask() {
        // given
        CreateTask first = createWithEveryField("cmd-1");
        commands.pipeInput(command(TASK_ID, Json.toBytes(first), replyHeaders(), T0));
        CreateTask duplicate = new CreateTask("cmd-2", TASK_ID, "other.type", null, null, 60, null, null, null, null);

        // when
        commands.pipeInput(command(TASK_ID, Json.toBytes(duplicate), replyHeaders(), T0 + 1_000));

        // then
        Task firstTask = pendingTask(first, T0);
        assertThat(results.readRecordsToList()).containsExactly(
                new TestRecord<>("cmd-1", new Accepted("cmd-1", firstTask, List.of()), correlationOnly(),
                        Instant.ofEpochMilli(T0)),
                new TestRecord<>("cmd-2", new Rejected("cmd-2", 409, "TASK_ALREADY_EXISTS",
                        "Task already exists: " + TASK_ID), correlationOnly(), Instant.ofEpochMilli(T0 + 1_000)));
        assertThat(tasks.readValuesToList()).containsExactly(firstTask);
        assertThat(viewWrites).containsExactly(new ViewWrite(firstTask, List.of()));
        assertThat(storedState()).isEqualTo(new TaskState(firstTask, 0, Map.of(), T0 + 3_600_000));
        assertThat(events.isEmpty()).isTrue();
    }

    // --- a task's life ------------------------------------------------------------------------------

    @Test
    void shouldCarryATaskThroughItsLifeWithSnapshotsEventRecordsViewWritesAndReplies() {
        // given
        CreateTask create = createWithEveryField("cmd-1");
        TransitionTask start = transition("cmd-2", TaskStatus.RUNNING);
        PublishEvents batch = new PublishEvents("cmd-3", TASK_ID, List.of(
                new EventInput("log", null, json("{'line':'started'}"), null, null, null),
                new EventInput("llm.delta", Level.DEBUG, json("{'delta':'Hel'}"), "answer", SeriesMode.ACCUMULATE, null),
                new EventInput("llm.delta", Level.DEBUG, json("{'delta':'lo'}"), "answer", SeriesMode.ACCUMULATE, null)));
        TransitionTask complete = new TransitionTask("cmd-4", TASK_ID, TaskStatus.COMPLETED, json("{'answer':'Hello'}"),
                null, null, null, null, null);

        // when
        commands.pipeInput(command(TASK_ID, Json.toBytes(create), replyHeaders(), T0));
        commands.pipeInput(command(TASK_ID, Json.toBytes(start), replyHeaders(), T0 + 1_000));
        commands.pipeInput(command(TASK_ID, Json.toBytes(batch), replyHeaders(), T0 + 2_000));
        commands.pipeInput(command(TASK_ID, Json.toBytes(complete), replyHeaders(), T0 + 3_000));

        // then the events topic holds indexes 0..4 with ULID ids timed by their command
        List<TestRecord<String, EventRecord>> eventRecords = events.readRecordsToList();
        List<String> ids = eventRecords.stream().map(r -> r.value().event().id()).toList();
        assertThat(ids).hasSize(5).allMatch(id -> id.matches(ULID)).doesNotHaveDuplicates();
        assertThat(eventRecords).allSatisfy(r ->
                assertThat(Ulid.from(r.value().event().id()).getTime()).isEqualTo(r.getRecordTime().toEpochMilli()));

        Task pending = pendingTask(create, T0);
        Task running = TaskBuilder.from(pending).status(TaskStatus.RUNNING).updatedAt(T0 + 1_000).build();
        Task completed = TaskBuilder.from(running).status(TaskStatus.COMPLETED).updatedAt(T0 + 3_000)
                .completedAt(T0 + 3_000L).result(json("{'answer':'Hello'}")).build();
        TaskEvent e0 = event(ids.get(0), 0, T0 + 1_000, "taskcast:status", Level.INFO, "{'status':'running'}");
        TaskEvent e1 = event(ids.get(1), 1, T0 + 2_000, "log", Level.INFO, "{'line':'started'}");
        TaskEvent e2 = delta(ids.get(2), 2, "{'delta':'Hel'}");
        TaskEvent e3 = delta(ids.get(3), 3, "{'delta':'lo'}");
        TaskEvent e4 = event(ids.get(4), 4, T0 + 3_000, "taskcast:status", Level.INFO,
                "{'status':'completed','result':{'answer':'Hello'}}");
        EventRecord r0 = EventRecord.plain(e0);
        EventRecord r1 = EventRecord.plain(e1);
        EventRecord r2 = new EventRecord(e2, e2, null);
        EventRecord r3 = new EventRecord(e3, delta(ids.get(3), 3, "{'delta':'Hello'}"), null);
        EventRecord r4 = EventRecord.plain(e4);
        assertThat(eventRecords).containsExactly(
                new TestRecord<>(TASK_ID, r0, new RecordHeaders(), Instant.ofEpochMilli(T0 + 1_000)),
                new TestRecord<>(TASK_ID, r1, new RecordHeaders(), Instant.ofEpochMilli(T0 + 2_000)),
                new TestRecord<>(TASK_ID, r2, new RecordHeaders(), Instant.ofEpochMilli(T0 + 2_000)),
                new TestRecord<>(TASK_ID, r3, new RecordHeaders(), Instant.ofEpochMilli(T0 + 2_000)),
                new TestRecord<>(TASK_ID, r4, new RecordHeaders(), Instant.ofEpochMilli(T0 + 3_000)));
        // and a view write and a reply for each command, and a snapshot for each that changed the
        // task (the publish did not), all telling the same story
        assertThat(tasks.readRecordsToList()).containsExactly(
                new TestRecord<>(TASK_ID, pending, new RecordHeaders(), Instant.ofEpochMilli(T0)),
                new TestRecord<>(TASK_ID, running, new RecordHeaders(), Instant.ofEpochMilli(T0 + 1_000)),
                new TestRecord<>(TASK_ID, completed, new RecordHeaders(), Instant.ofEpochMilli(T0 + 3_000)));
        assertThat(viewWrites).containsExactly(
                new ViewWrite(pending, List.of()),
                new ViewWrite(running, List.of(r0)),
                new ViewWrite(running, List.of(r1, r2, r3), false),
                new ViewWrite(completed, List.of(r4)));
        assertThat(results.readRecordsToList()).containsExactly(
                new TestRecord<>("cmd-1", new Accepted("cmd-1", pending, List.of()), correlationOnly(),
                        Instant.ofEpochMilli(T0)),
                new TestRecord<>("cmd-2", new Accepted("cmd-2", running, List.of(e0)), correlationOnly(),
                        Instant.ofEpochMilli(T0 + 1_000)),
                new TestRecord<>("cmd-3", new Accepted("cmd-3", running, List.of(e1, e2, e3)), correlationOnly(),
                        Instant.ofEpochMilli(T0 + 2_000)),
                new TestRecord<>("cmd-4", new Accepted("cmd-4", completed, List.of(e4)), correlationOnly(),
                        Instant.ofEpochMilli(T0 + 3_000)));
        // (its one webhook, with no filter, was sent all five events)
        assertThat(storedState()).isEqualTo(new TaskState(completed, 5, Map.of("answer", r3.accumulated()), null)
                .withWebhookCounts(Map.of("t0", 5L)));
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldWriteEventRecordJsonWithAccumulatedValueAndReplacedIndex() {
        // given
        pipe(createWithEveryField("cmd-1"), T0);
        PublishEvents batch = new PublishEvents("cmd-2", TASK_ID, List.of(
                new EventInput("llm.delta", null, json("{'delta':'a'}"), "answer", SeriesMode.ACCUMULATE, null),
                new EventInput("llm.delta", null, json("{'delta':'b'}"), "answer", SeriesMode.ACCUMULATE, null),
                new EventInput("progress", null, json("{'pct':10}"), "progress", SeriesMode.LATEST, null),
                new EventInput("progress", null, json("{'pct':20}"), "progress", SeriesMode.LATEST, null)));

        // when
        pipe(batch, T0 + 1_000);

        // then every record is {event, accumulated?, replacesIndex?}, absent parts omitted
        List<JsonNode> raw = driver.createOutputTopic(TOPICS.events().name(), new StringDeserializer(),
                new ByteArrayDeserializer()).readValuesToList().stream().map(b -> Json.mapper().readTree(b)).toList();
        assertThat(raw).hasSize(4);
        assertThat(raw).extracting(n -> fieldNames(n)).containsExactly(
                List.of("event", "accumulated"), List.of("event", "accumulated"),
                List.of("event"), List.of("event", "replacesIndex"));
        assertThat(raw.get(1).get("event").get("data")).isEqualTo(json("{'delta':'b'}"));
        assertThat(raw.get(1).get("accumulated").get("data")).isEqualTo(json("{'delta':'ab'}"));
        assertThat(raw.get(1).get("accumulated").get("index").asLong()).isEqualTo(1);
        assertThat(raw.get(3).get("replacesIndex").asLong()).isEqualTo(2);
        assertThat(raw.get(3).get("event").get("index").asLong()).isEqualTo(3);
    }

    /** A command the engine refuses, and the rejection its sender gets. */
    record Refusal(Command command, Rejected expected) {
    }

    static Stream<Arguments> refusedCommands() {
        return Stream.of(
                Arguments.of("invalid transition", new Refusal(transition("cmd-2", TaskStatus.COMPLETED),
                        new Rejected("cmd-2", 409, "INVALID_TRANSITION", "Invalid transition: pending → completed"))),
                Arguments.of("resolve when not blocked", new Refusal(
                        new ResolveTask("cmd-2", TASK_ID, json("{'ok':true}")),
                        new Rejected("cmd-2", 400, "TASK_NOT_BLOCKED", "Task is not blocked"))),
                Arguments.of("publish to a missing task", new Refusal(
                        new PublishEvents("cmd-2", "task-2", List.of(new EventInput("log", null, json("1"), null,
                                null, null))),
                        Rejected.notFound("cmd-2", "task-2"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCommands")
    void shouldReplyRejectionAndChangeNothingForRefusedCommand(String name, Refusal refusal) {
        // given
        CreateTask create = createWithEveryField("cmd-1");
        pipe(create, T0);
        tasks.readRecordsToList();
        TaskState before = storedState();

        // when
        commands.pipeInput(command(refusal.command().taskId(), Json.toBytes(refusal.command()), replyHeaders(),
                T0 + 1_000));

        // then
        assertThat(results.readRecordsToList()).containsExactly(new TestRecord<>("cmd-2", refusal.expected(),
                correlationOnly(), Instant.ofEpochMilli(T0 + 1_000)));
        assertThat(tasks.isEmpty()).isTrue();
        assertThat(events.isEmpty()).isTrue();
        assertThat(viewWrites).containsExactly(new ViewWrite(pendingTask(create, T0), List.of()));
        assertThat(storedState()).isEqualTo(before);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldRejectPublishingToATerminalTaskWith400() {
        // given
        pipe(createWithEveryField("cmd-1"), T0);
        pipe(transition("cmd-2", TaskStatus.RUNNING), T0 + 1_000);
        pipe(transition("cmd-3", TaskStatus.COMPLETED), T0 + 2_000);
        events.readRecordsToList();
        PublishEvents late = new PublishEvents("cmd-4", TASK_ID, List.of(new EventInput("log", null, json("1"), null,
                null, null)));

        // when
        commands.pipeInput(command(TASK_ID, Json.toBytes(late), replyHeaders(), T0 + 3_000));

        // then
        assertThat(results.readValuesToList()).containsExactly(new Rejected("cmd-4", 400, "TASK_TERMINAL",
                "Cannot publish to task in terminal status: completed"));
        assertThat(events.isEmpty()).isTrue();
        assertThat(storedState().nextIndex()).isEqualTo(2);
    }

    // --- timers (TTL and resumeAt) ------------------------------------------------------------------

    @Test
    void shouldTimeOutATaskWhoseTtlPasses() {
        // given a task with a 5 s ttl created at T0
        Task pending = TaskBuilder.pending(TASK_ID, T0).ttl(5).build();
        pipe(create("cmd-1", 5), T0);
        tasks.readRecordsToList();
        viewWrites.clear();

        // when the wall clock passes T0 + 5 s
        driver.advanceWallClockTime(Duration.ofSeconds(6));

        // then the processor writes the due timer to the command log ...
        long dueAt = T0 + 5_000;
        long firedAt = T0 + 6_000;
        FireTimer timer = new FireTimer("timer:ttl:" + dueAt + ":" + TASK_ID, TASK_ID, TimerKind.TTL, dueAt);
        assertThat(commandLog.readRecordsToList()).containsExactly(
                new TestRecord<>(TASK_ID, timer, new RecordHeaders(), Instant.ofEpochMilli(firedAt)));
        // ... and processing it (the driver feeds a source topic's output back in) times the task out
        Task timedOut = TaskBuilder.from(pending).status(TaskStatus.TIMEOUT).updatedAt(firedAt).completedAt(firedAt)
                .build();
        List<EventRecord> emitted = events.readValuesToList();
        assertThat(emitted).hasSize(1);
        EventRecord status = EventRecord.plain(event(emitted.get(0).event().id(), 0, firedAt, "taskcast:status",
                Level.INFO, "{'status':'timeout'}"));
        assertThat(emitted).containsExactly(status);
        assertThat(tasks.readRecordsToList()).containsExactly(
                new TestRecord<>(TASK_ID, timedOut, new RecordHeaders(), Instant.ofEpochMilli(firedAt)));
        assertThat(viewWrites).containsExactly(new ViewWrite(timedOut, List.of(status)));
        assertThat(results.isEmpty()).isTrue();
        assertThat(storedState()).isEqualTo(new TaskState(timedOut, 1, Map.of(), null));
    }

    // --- webhook deliveries ---------------------------------------------------------------------------

    @Test
    void shouldWriteOneDeliveryPerEventAndMatchingWebhookNumberedPerWebhook() {
        // given a task with a webhook for llm.* only, and a configured global webhook for everything
        driver.close();
        WebhookConfig global = WebhookConfigs.parse(json("{'url':'https://all.example.com/'}"), "g", RetryPolicy.DEFAULTS);
        driver = newDriver(stateDir.resolve("webhooks"), Instant.ofEpochMilli(T0), new RecordingViews(),
                Cleanups.none(), new WebhookFanout(List.of(global)));
        commands = driver.createInputTopic(TOPICS.commands().name(), new StringSerializer(), new ByteArraySerializer());
        TestOutputTopic<String, WebhookDelivery> deliveries = driver.createOutputTopic(
                TOPICS.webhookDeliveries().name(), new StringDeserializer(),
                TOPICS.webhookDeliveries().valueSerde().deserializer());
        TestOutputTopic<String, EventRecord> published = driver.createOutputTopic(TOPICS.events().name(),
                new StringDeserializer(), TOPICS.events().valueSerde().deserializer());
        JsonNode hooks = json("[{'url':'https://llm.example.com/','filter':{'types':['llm.*']}}]");
        pipe(new CreateTask("cmd-1", TASK_ID, null, null, null, null, null, hooks, null, null), T0);
        WebhookConfig own = WebhookConfigs.parseAll(hooks, RetryPolicy.DEFAULTS).get(0);

        // when it runs and publishes a log line and two llm deltas
        pipe(transition("cmd-2", TaskStatus.RUNNING), T0 + 1);
        pipe(new PublishEvents("cmd-3", TASK_ID, List.of(
                new EventInput("log", null, json("{'l':1}"), null, null, null),
                new EventInput("llm.delta", null, json("{'t':'a'}"), null, null, null),
                new EventInput("llm.delta", null, json("{'t':'b'}"), null, null, null))), T0 + 2);

        // then the global webhook gets all four events, the task's own only the deltas, each numbered 0..n
        List<TaskEvent> events = published.readValuesToList().stream().map(EventRecord::event).toList();
        assertThat(events).hasSize(4);
        assertThat(deliveries.readValuesToList()).containsExactly(
                WebhookDelivery.first("g0", global, events.get(0), 0),
                WebhookDelivery.first("g0", global, events.get(1), 1),
                WebhookDelivery.first("t0", own, events.get(2), 0),
                WebhookDelivery.first("g0", global, events.get(2), 2),
                WebhookDelivery.first("t0", own, events.get(3), 1),
                WebhookDelivery.first("g0", global, events.get(3), 3));
        assertThat(storedState().webhookCounts()).isEqualTo(Map.of("t0", 2L, "g0", 4L));
    }

    // --- release from hot storage (taskcast-extras.md §7) -------------------------------------------

    @Test
    void shouldLetRedisGoOfAReleasedTaskAndMarkItsSnapshotAndItsLaterCleanup() {
        // given a finished task with a cleanup rule that removes its events 2 s after it completes
        String rule = "{\"target\":\"events\",\"trigger\":{\"afterMs\":2000}}";
        completeWithRule(rule);

        // when it is released
        pipe(new ReleaseStorage("cmd-4", TASK_ID, 1, T0 + 20, 1, T0 + 20), T0 + 30);

        // then the view lets it go, and the unchanged snapshot says so; no event is written
        assertThat(viewReleases).containsExactly(TASK_ID);
        List<TestRecord<String, Task>> snapshots = tasks.readRecordsToList();
        assertThat(snapshots).hasSize(1);
        assertThat(snapshots.get(0).value().updatedAt()).isEqualTo(T0 + 20);
        assertThat(snapshots.get(0).headers().lastHeader(Headers.RELEASED)).isNotNull();
        assertThat(events.isEmpty()).isTrue();
        assertThat(storedState().released()).isTrue();

        // and a second release changes nothing
        pipe(new ReleaseStorage("cmd-5", TASK_ID, 1, T0 + 20, 1, T0 + 20), T0 + 40);
        assertThat(viewReleases).hasSize(1);
        assertThat(tasks.isEmpty()).isTrue();

        // and its cleanup, when due, still reaches the archive, marked released
        driver.advanceWallClockTime(Duration.ofSeconds(3));
        List<TestRecord<String, Task>> cleanup = tasks.readRecordsToList();
        assertThat(cleanup).hasSize(1);
        assertThat(cleanup.get(0).headers().lastHeader(Headers.CLEANUP)).isNotNull();
        assertThat(cleanup.get(0).headers().lastHeader(Headers.RELEASED)).isNotNull();
    }

    /** Creates the task with the cleanup rule, runs it (T0 + 10) and completes it (T0 + 20); reads what that wrote. */
    private void completeWithRule(String rule) {
        pipe(new CreateTask("cmd-1", TASK_ID, null, null, null, null, null, null,
                json("{'rules':[" + rule.replace('"', '\'') + "]}"), null), T0);
        pipe(transition("cmd-2", TaskStatus.RUNNING), T0 + 10);
        pipe(transition("cmd-3", TaskStatus.COMPLETED), T0 + 20);
        tasks.readRecordsToList();
        events.readRecordsToList();
    }

    // --- cleanup rules ------------------------------------------------------------------------------

    @Test
    void shouldRemoveAFinishedTaskWhenItsCleanupRuleComesDueAndTellTheTopic() {
        // given a task whose rule removes it 2 s after it completes, completed at T0 + 20
        String rule = "{\"target\":\"all\",\"trigger\":{\"afterMs\":2000}}";
        completeWithRule(rule);

        // when the wall clock passes T0 + 2,020
        driver.advanceWallClockTime(Duration.ofSeconds(3));

        // then the due timer went through the command log, Redis was told first, then the topic got a tombstone
        long dueAt = T0 + 2_020;
        assertThat(commandLog.readValuesToList()).containsExactly(
                new FireTimer("timer:cleanup:" + dueAt + ":" + TASK_ID, TASK_ID, TimerKind.CLEANUP, dueAt));
        TaskCleanup expected = new TaskCleanup(TASK_ID, T0 + 20, CleanupRules.fromJson("[" + rule + "]", "r"));
        assertThat(viewCleanups).containsExactly(expected);
        List<TestRecord<String, Task>> snapshots = tasks.readRecordsToList();
        assertThat(snapshots).hasSize(1);
        assertThat(snapshots.get(0).key()).isEqualTo(TASK_ID);
        assertThat(snapshots.get(0).value()).isNull();
        assertThat(Json.fromBytes(snapshots.get(0).headers().lastHeader(Headers.CLEANUP).value(), TaskCleanup.class))
                .isEqualTo(expected);
        assertThat(storedState().removed()).isTrue();
        assertThat(events.isEmpty()).isTrue();

        // and it never fires again
        driver.advanceWallClockTime(Duration.ofSeconds(60));
        assertThat(commandLog.isEmpty()).isTrue();
        assertThat(viewCleanups).hasSize(1);
    }

    @Test
    void shouldKeepTheTaskAndRepeatItsSnapshotWithTheCleanupWhenAConfiguredEventsRuleComesDue() {
        // given a processor configured to remove debug events 1 s after completion
        String rule = "{\"target\":\"events\",\"trigger\":{\"afterMs\":1000},\"eventFilter\":{\"levels\":[\"debug\"]}}";
        driver.close();
        driver = newDriver(stateDir.resolve("configured"), Instant.ofEpochMilli(T0), new RecordingViews(),
                new Cleanups(CleanupRules.fromJson("[" + rule + "]", "r")), WebhookFanout.none());
        TestOutputTopic<String, Task> snapshots = driver.createOutputTopic(TOPICS.tasks().name(),
                new StringDeserializer(), TOPICS.tasks().valueSerde().deserializer());
        commands = driver.createInputTopic(TOPICS.commands().name(), new StringSerializer(), new ByteArraySerializer());
        pipe(create("cmd-1", null), T0);
        pipe(transition("cmd-2", TaskStatus.RUNNING), T0 + 10);
        pipe(transition("cmd-3", TaskStatus.FAILED), T0 + 50);
        Task failed = snapshots.readValuesToList().get(2);

        // when
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        // then
        TaskCleanup expected = new TaskCleanup(TASK_ID, T0 + 50, CleanupRules.fromJson("[" + rule + "]", "r"));
        assertThat(viewCleanups).containsExactly(expected);
        List<TestRecord<String, Task>> after = snapshots.readRecordsToList();
        assertThat(after).extracting(TestRecord::value).containsExactly(failed);
        assertThat(Json.fromBytes(after.get(0).headers().lastHeader(Headers.CLEANUP).value(), TaskCleanup.class))
                .isEqualTo(expected);
        assertThat(storedState().removed()).isFalse();
        assertThat(storedState().cleanedUpTo()).isEqualTo(T0 + 1_050);
    }

    @Test
    void shouldFireATtlTimerOnlyOnce() {
        // given
        pipe(create("cmd-1", 5), T0);
        driver.advanceWallClockTime(Duration.ofSeconds(6));
        commandLog.readRecordsToList();
        events.readRecordsToList();

        // when
        driver.advanceWallClockTime(Duration.ofSeconds(60));

        // then
        assertThat(commandLog.isEmpty()).isTrue();
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldNotFireATtlTimerBeforeItsDeadline() {
        // given
        pipe(create("cmd-1", 5), T0);

        // when
        driver.advanceWallClockTime(Duration.ofMillis(4_900));

        // then
        assertThat(commandLog.isEmpty()).isTrue();
        assertThat(storedState().task().status()).isEqualTo(TaskStatus.PENDING);
    }

    @Test
    void shouldNotTimeOutATaskWhileItIsPausedAndRestartTheClockAfter() {
        // given a 5 s task paused after 2 s
        pipe(create("cmd-1", 5), T0);
        pipe(transition("cmd-2", TaskStatus.RUNNING), T0 + 1_000);
        pipe(transition("cmd-3", TaskStatus.PAUSED), T0 + 2_000);
        events.readRecordsToList();

        // when a minute passes
        driver.advanceWallClockTime(Duration.ofSeconds(60));

        // then nothing fires
        assertThat(commandLog.isEmpty()).isTrue();
        assertThat(events.isEmpty()).isTrue();
        assertThat(storedState().task().status()).isEqualTo(TaskStatus.PAUSED);

        // when it resumes at T0 + 61 s and another 5 s pass
        pipe(transition("cmd-4", TaskStatus.RUNNING), T0 + 61_000);
        driver.advanceWallClockTime(Duration.ofSeconds(7));

        // then it times out against the restarted clock
        assertThat(commandLog.readValuesToList()).containsExactly(
                new FireTimer("timer:ttl:" + (T0 + 66_000) + ":" + TASK_ID, TASK_ID, TimerKind.TTL, T0 + 66_000));
        assertThat(events.readValuesToList()).extracting(r -> r.event().data())
                .containsExactly(json("{'status':'running'}"), json("{'status':'timeout'}"));
        assertThat(storedState().task().status()).isEqualTo(TaskStatus.TIMEOUT);
    }

    @Test
    void shouldNotFireTimersOfATaskThatEndedInTime() {
        // given
        pipe(create("cmd-1", 5), T0);
        pipe(transition("cmd-2", TaskStatus.RUNNING), T0 + 1_000);
        pipe(transition("cmd-3", TaskStatus.COMPLETED), T0 + 2_000);

        // when
        driver.advanceWallClockTime(Duration.ofSeconds(60));

        // then
        assertThat(commandLog.isEmpty()).isTrue();
        assertThat(storedState().task().status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void shouldWakeABlockedTaskAtItsResumeTime() {
        // given a task blocked at T0 + 1 s for 2 s
        BlockedRequest request = new BlockedRequest("approval", json("{'question':'Deploy?'}"));
        pipe(new CreateTask("cmd-1", TASK_ID, null, null, null, null, null, null, null, null), T0);
        pipe(transition("cmd-2", TaskStatus.RUNNING), T0);
        pipe(new TransitionTask("cmd-3", TASK_ID, TaskStatus.BLOCKED, null, null, "needs approval", null, 2_000L,
                request), T0 + 1_000);
        events.readRecordsToList();
        tasks.readRecordsToList();

        // when
        driver.advanceWallClockTime(Duration.ofSeconds(3));

        // then
        long resumeAt = T0 + 3_000;
        assertThat(commandLog.readValuesToList()).containsExactly(
                new FireTimer("timer:resume:" + resumeAt + ":" + TASK_ID, TASK_ID, TimerKind.RESUME, resumeAt));
        Task running = TaskBuilder.pending(TASK_ID, T0).status(TaskStatus.RUNNING).updatedAt(resumeAt).build();
        assertThat(tasks.readValuesToList()).containsExactly(running);
        List<EventRecord> emitted = events.readValuesToList();
        assertThat(emitted).containsExactly(EventRecord.plain(event(emitted.get(0).event().id(), 2, resumeAt,
                "taskcast:status", Level.INFO, "{'status':'running'}")));
    }

    @Test
    void shouldNotWakeATaskResolvedBeforeItsResumeTime() {
        // given
        pipe(new CreateTask("cmd-1", TASK_ID, null, null, null, null, null, null, null, null), T0);
        pipe(transition("cmd-2", TaskStatus.RUNNING), T0);
        pipe(new TransitionTask("cmd-3", TASK_ID, TaskStatus.BLOCKED, null, null, null, null, 2_000L, null), T0);
        pipe(new ResolveTask("cmd-4", TASK_ID, json("{'approved':true}")), T0 + 1_000);
        events.readRecordsToList();

        // when
        driver.advanceWallClockTime(Duration.ofSeconds(10));

        // then
        assertThat(commandLog.isEmpty()).isTrue();
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldIgnoreAStaleTimerWithoutOutputOrReply() {
        // given a task whose ttl was replaced: its deadline moved from T0 + 5 s to T0 + 61 s
        pipe(create("cmd-1", 5), T0);
        pipe(new TransitionTask("cmd-2", TASK_ID, TaskStatus.RUNNING, null, null, null, 60, null, null), T0 + 1_000);
        tasks.readRecordsToList();
        events.readRecordsToList();
        List<ViewWrite> writesBefore = List.copyOf(viewWrites);
        TaskState before = storedState();
        FireTimer stale = new FireTimer("timer:ttl:" + (T0 + 5_000) + ":" + TASK_ID, TASK_ID, TimerKind.TTL, T0 + 5_000);

        // when the old timer arrives, even from a sender that asks for a reply
        commands.pipeInput(command(TASK_ID, Json.toBytes(stale), replyHeaders(), T0 + 6_000));
        driver.advanceWallClockTime(Duration.ofSeconds(6));

        // then
        assertThat(tasks.isEmpty()).isTrue();
        assertThat(events.isEmpty()).isTrue();
        assertThat(results.isEmpty()).isTrue();
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(commandLog.isEmpty()).isTrue();
        assertThat(viewWrites).isEqualTo(writesBefore);
        assertThat(storedState()).isEqualTo(before);
        assertThat(before.ttlDeadline()).isEqualTo(T0 + 61_000);
    }

    // --- records that are not valid commands --------------------------------------------------------

    /** A record that must go to the dead-letter topic, and what its recorded reason must say. */
    record Poison(String key, byte[] value, Consumer<String> reasonCheck) {
    }

    static Stream<Arguments> poisonRecords() {
        CreateTask valid = new CreateTask("cmd-9", TASK_ID, null, null, null, null, null, null, null, null);
        return Stream.of(
                Arguments.of("not JSON", new Poison(TASK_ID, utf8("this is not json"), reason -> assertThat(reason)
                        .startsWith("not a valid command: ").contains("Unrecognized token 'this'"))),
                Arguments.of("unknown command kind", new Poison(TASK_ID,
                        utf8("{\"command\":\"explode\",\"commandId\":\"cmd-9\",\"taskId\":\"task-1\"}"),
                        reason -> assertThat(reason).startsWith("not a valid command: ").contains("'explode'"))),
                Arguments.of("missing taskId", new Poison(TASK_ID,
                        utf8("{\"command\":\"create\",\"commandId\":\"cmd-9\"}"),
                        reason -> assertThat(reason).isEqualTo("taskId is required"))),
                Arguments.of("key differs from taskId", new Poison("task-other", Json.toBytes(valid),
                        reason -> assertThat(reason).isEqualTo("record key 'task-other' differs from taskId 'task-1'"))),
                Arguments.of("null key", new Poison(null, Json.toBytes(valid),
                        reason -> assertThat(reason).isEqualTo("record has no key (the key must be the task id)"))),
                Arguments.of("null value (tombstone)", new Poison(TASK_ID, null,
                        reason -> assertThat(reason).isEqualTo("record has no value"))),
                Arguments.of("create with ttl 0", new Poison(TASK_ID,
                        Json.toBytes(new CreateTask("cmd-9", TASK_ID, null, null, null, 0, null, null, null, null)),
                        reason -> assertThat(reason).isEqualTo("ttl must be a positive integer (seconds)"))),
                Arguments.of("params not an object", new Poison(TASK_ID,
                        utf8("{\"command\":\"create\",\"commandId\":\"cmd-9\",\"taskId\":\"task-1\",\"params\":[1,2]}"),
                        reason -> assertThat(reason).isEqualTo("params must be an object"))),
                Arguments.of("unknown status in transition", new Poison(TASK_ID,
                        utf8("{\"command\":\"transition\",\"commandId\":\"cmd-9\",\"taskId\":\"task-1\","
                                + "\"status\":\"exploded\"}"),
                        reason -> assertThat(reason).startsWith("not a valid command: ").contains("exploded"))),
                Arguments.of("publish without events", new Poison(TASK_ID,
                        utf8("{\"command\":\"publish\",\"commandId\":\"cmd-9\",\"taskId\":\"task-1\",\"events\":[]}"),
                        reason -> assertThat(reason).isEqualTo("events must hold at least one event"))),
                Arguments.of("timer of unknown kind", new Poison(TASK_ID,
                        utf8("{\"command\":\"timer\",\"commandId\":\"cmd-9\",\"taskId\":\"task-1\","
                                + "\"kind\":\"alarm\",\"dueAt\":1}"),
                        reason -> assertThat(reason).startsWith("not a valid command: ").contains("alarm"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poisonRecords")
    void shouldDeadLetterInvalidRecordWithReasonAndReply400ThenProcessNextCommand(String name, Poison poison) {
        // given
        RecordHeaders headers = replyHeaders();
        commands.pipeInput(command(poison.key(), poison.value(), headers, T0));
        CreateTask next = createWithEveryField("cmd-ok");

        // when
        commands.pipeInput(command(TASK_ID, Json.toBytes(next), replyHeaders(), T0 + 1_000));

        // then the poison record is dead-lettered as received, with why and where it came from
        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(1);
        TestRecord<String, byte[]> deadLetter = dead.get(0);
        String reason = text(deadLetter.headers().lastHeader(Headers.DLQ_REASON));
        poison.reasonCheck().accept(reason);
        assertThat(deadLetter.key()).isEqualTo(poison.key());
        assertThat(deadLetter.value()).isEqualTo(poison.value());
        assertThat(deadLetter.getRecordTime()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(deadLetter.headers().toArray()).containsExactly(
                header(Headers.CORRELATION_ID, CORRELATION_ID),
                header(Headers.REPLY_PARTITION, partitionBytes(REPLY_PARTITION)),
                header(Headers.DLQ_REASON, utf8(reason)),
                header(Headers.DLQ_ORIGIN, utf8(TOPICS.commands().name() + "-0@0")));
        // and the sender gets a 400, then the next command is processed as usual
        Task nextTask = pendingTask(next, T0 + 1_000);
        assertThat(results.readRecordsToList()).containsExactly(
                new TestRecord<>(null, new Rejected(null, 400, "INVALID_COMMAND", reason), correlationOnly(),
                        Instant.ofEpochMilli(T0)),
                new TestRecord<>("cmd-ok", new Accepted("cmd-ok", nextTask, List.of()), correlationOnly(),
                        Instant.ofEpochMilli(T0 + 1_000)));
        assertThat(tasks.readValuesToList()).containsExactly(nextTask);
        assertThat(viewWrites).containsExactly(new ViewWrite(nextTask, List.of()));
    }

    @Test
    void shouldRefuseWith413AndDeadLetterACommandWhoseEventRecordWouldExceedTheRecordLimit() {
        // given a running task whose accumulate series holds 400,000 characters
        pipe(create("cmd-1", null), T0);
        pipe(transition("cmd-2", TaskStatus.RUNNING), T0 + 1_000);
        pipe(new PublishEvents("cmd-3", TASK_ID, List.of(bigDelta(400_000))), T0 + 2_000);
        events.readRecordsToList();
        tasks.readRecordsToList();
        viewWrites.clear();
        TaskState before = storedState();
        byte[] tooMuch = Json.toBytes(new PublishEvents("cmd-4", TASK_ID, List.of(bigDelta(400_000))));

        // when another 400,000 would make the event record (delta plus running value) about 1.2 MB
        commands.pipeInput(command(TASK_ID, tooMuch, replyHeaders(), T0 + 3_000));
        pipe(new PublishEvents("cmd-5", TASK_ID, List.of(bigDelta(10))), T0 + 4_000);

        // then the sender gets a 413 saying which record, the command is dead-lettered with the same reason
        CommandResult refusal = results.readValue();
        assertThat(refusal).isInstanceOf(Rejected.class);
        Rejected rejected = (Rejected) refusal;
        assertThat(rejected.status()).isEqualTo(413);
        assertThat(rejected.code()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(rejected.message()).matches("Event 'llm\\.delta' of series 'answer' \\(its delta and the series' "
                + "running value\\) would be a 1,20\\d,\\d{3}-byte record, above the 1,000,000-byte limit of a Kafka "
                + "record; the command was not applied");
        TestRecord<String, byte[]> deadLetter = dlq.readRecord();
        assertThat(deadLetter.value()).isEqualTo(tooMuch);
        assertThat(text(deadLetter.headers().lastHeader(Headers.DLQ_REASON))).isEqualTo(rejected.message());
        // and nothing of it was applied: the next delta takes the index it would have had, folded onto the first only
        List<EventRecord> written = events.readValuesToList();
        assertThat(written).extracting(r -> r.event().index()).containsExactly(before.nextIndex());
        assertThat(written.get(0).accumulated().data().get("delta").asString()).hasSize(400_010);
        assertThat(viewWrites).hasSize(1);
        assertThat(storedState().nextIndex()).isEqualTo(before.nextIndex() + 1);
        assertThat(metered.get(3).outcome()).isEqualTo(CommandMeters.Outcome.DEAD_LETTERED);
    }

    @Test
    void shouldRefuseACompletionWhoseTaskWouldExceedTheRecordLimitAndKeepTheTaskRunning() {
        // given a running task with 600,000 characters of metadata
        pipe(new CreateTask("cmd-1", TASK_ID, null, null, json("{'blob':'" + "m".repeat(600_000) + "'}"), null,
                null, null, null, null), T0);
        pipe(transition("cmd-2", TaskStatus.RUNNING), T0 + 1_000);
        tasks.readRecordsToList();
        TransitionTask complete = new TransitionTask("cmd-3", TASK_ID, TaskStatus.COMPLETED,
                json("{'blob':'" + "r".repeat(600_000) + "'}"), null, null, null, null, null);

        // when
        commands.pipeInput(command(TASK_ID, Json.toBytes(complete), replyHeaders(), T0 + 2_000));

        // then
        Rejected rejected = (Rejected) results.readValue();
        assertThat(rejected.status()).isEqualTo(413);
        assertThat(rejected.message()).startsWith("The task would be a 1,200,");
        assertThat(tasks.isEmpty()).isTrue();
        assertThat(storedState().task().status()).isEqualTo(TaskStatus.RUNNING);
    }

    private static EventInput bigDelta(int chars) {
        return new EventInput("llm.delta", null, json("{'delta':'" + "d".repeat(chars) + "'}"), "answer",
                SeriesMode.ACCUMULATE, null);
    }

    @Test
    void shouldReportEveryRecordsOutcomeAndTimestampToTheMeters() {
        // given
        pipe(createWithEveryField("cmd-1"), T0);

        // when
        pipe(createWithEveryField("cmd-2"), T0 + 1_000);
        commands.pipeInput(command(TASK_ID, "not json".getBytes(StandardCharsets.UTF_8), new RecordHeaders(), T0 + 2_000));

        // then
        assertThat(metered).containsExactly(new Metered(CommandMeters.Outcome.ACCEPTED, T0),
                new Metered(CommandMeters.Outcome.REJECTED, T0 + 1_000),
                new Metered(CommandMeters.Outcome.DEAD_LETTERED, T0 + 2_000));
    }

    // --- a command written twice (an idempotent producer can, after a broker stall) ----------------

    @Test
    void shouldSkipASecondCopyOfACommandWithoutOutputOrReply() {
        // given a running task and a publish of two events, answered
        pipe(createWithEveryField("cmd-1"), T0);
        pipe(transition("cmd-2", TaskStatus.RUNNING), T0 + 1_000);
        PublishEvents publish = new PublishEvents("cmd-3", TASK_ID, List.of(
                new EventInput("tick", null, json("{'n':1}"), null, null, null),
                new EventInput("tick", null, json("{'n':2}"), null, null, null)));
        TestRecord<String, byte[]> record = command(TASK_ID, Json.toBytes(publish), replyHeaders(), T0 + 2_000);
        commands.pipeInput(record);
        events.readRecordsToList();
        tasks.readRecordsToList();
        results.readRecordsToList();
        int viewWritesBefore = viewWrites.size();
        TaskState before = storedState();

        // when the same record comes again, after another command
        pipe(transition("cmd-4", TaskStatus.PAUSED), T0 + 3_000);
        commands.pipeInput(record);

        // then the copy changes nothing, emits nothing and answers nobody; it is counted as a duplicate
        assertThat(events.readValuesToList()).as("events after the copy: the pause's only")
                .extracting(r -> r.event().type(), r -> r.event().index()).containsExactly(tuple("taskcast:status", 3L));
        assertThat(tasks.readValuesToList()).extracting(Task::status).containsExactly(TaskStatus.PAUSED);
        assertThat(results.readValuesToList()).as("replies after the copy").isEmpty();
        assertThat(viewWrites).hasSize(viewWritesBefore + 1);
        assertThat(storedState().nextIndex()).as("the pause took one index").isEqualTo(before.nextIndex() + 1);
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(metered).extracting(Metered::outcome).endsWith(CommandMeters.Outcome.ACCEPTED,
                CommandMeters.Outcome.DUPLICATE);
    }

    @Test
    void shouldApplyTheSamePayloadUnderAnotherCommandIdAndTheSameCommandIdOnAnotherTask() {
        // given a running task that had one publish
        pipe(createWithEveryField("cmd-1"), T0);
        pipe(transition("cmd-2", TaskStatus.RUNNING), T0 + 1_000);
        pipe(new PublishEvents("cmd-3", TASK_ID, List.of(new EventInput("tick", null, json("{'n':1}"), null, null,
                null))), T0 + 2_000);

        // when the same events come under a new command id, and a command reuses cmd-1 for another task
        pipe(new PublishEvents("cmd-4", TASK_ID, List.of(new EventInput("tick", null, json("{'n':1}"), null, null,
                null))), T0 + 2_000);
        pipe(new CreateTask("cmd-1", "task-2", null, null, null, null, null, null, null, null), T0 + 2_000);

        // then both are applied: only a command id this task already had is a copy
        assertThat(events.readValuesToList()).extracting(r -> r.event().type(), r -> r.event().index())
                .containsExactly(tuple("taskcast:status", 0L), tuple("tick", 1L), tuple("tick", 2L));
        assertThat(tasks.readValuesToList()).extracting(Task::id).endsWith("task-2");
        assertThat(metered).extracting(Metered::outcome).doesNotContain(CommandMeters.Outcome.DUPLICATE);
    }

    @Test
    void shouldDeadLetterInvalidRecordWithoutReplyWhenNoneWasAsked() {
        // given
        byte[] garbage = utf8("{\"command\":");

        // when
        commands.pipeInput(command(TASK_ID, garbage, new RecordHeaders(), T0));

        // then
        TestRecord<String, byte[]> deadLetter = dlq.readRecord();
        assertThat(deadLetter.key()).isEqualTo(TASK_ID);
        assertThat(deadLetter.value()).isEqualTo(garbage);
        assertThat(text(deadLetter.headers().lastHeader(Headers.DLQ_REASON))).startsWith("not a valid command: ");
        assertThat(text(deadLetter.headers().lastHeader(Headers.DLQ_ORIGIN)))
                .isEqualTo(TOPICS.commands().name() + "-0@0");
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(results.isEmpty()).isTrue();
        assertThat(tasks.isEmpty()).isTrue();
        assertThat(viewWrites).isEmpty();
    }

    @Test
    void shouldDeadLetterJsonNullValueAndProcessNextCommand() {
        // given
        commands.pipeInput(command(TASK_ID, utf8("null"), replyHeaders(), T0));
        CreateTask next = createWithEveryField("cmd-ok");

        // when
        commands.pipeInput(command(TASK_ID, Json.toBytes(next), new RecordHeaders(), T0 + 1_000));

        // then
        TestRecord<String, byte[]> deadLetter = dlq.readRecord();
        assertThat(deadLetter.value()).isEqualTo(utf8("null"));
        assertThat(text(deadLetter.headers().lastHeader(Headers.DLQ_REASON))).startsWith("not a valid command");
        assertThat(results.readValue()).isEqualTo(new Rejected(null, 400, "INVALID_COMMAND",
                text(deadLetter.headers().lastHeader(Headers.DLQ_REASON))));
        assertThat(tasks.readValuesToList()).containsExactly(pendingTask(next, T0 + 1_000));
    }

    // --- determinism (architecture invariant 3) -----------------------------------------------------

    @Test
    void shouldWriteByteIdenticalOutputsWhenTheSameCommandsAreReplayed() {
        // given two fresh processors whose wall clocks differ
        List<TestRecord<String, byte[]>> script = List.of(
                command(TASK_ID, Json.toBytes(createWithEveryField("cmd-1")), replyHeaders(), T0),
                command(TASK_ID, Json.toBytes(createWithEveryField("cmd-2")), replyHeaders(), T0 + 10),
                command(TASK_ID, Json.toBytes(transition("cmd-3", TaskStatus.RUNNING)), replyHeaders(), T0 + 20),
                command(TASK_ID, utf8("not json"), replyHeaders(), T0 + 30),
                command(TASK_ID, Json.toBytes(new PublishEvents("cmd-4", TASK_ID, List.of(
                        new EventInput("llm.delta", null, json("{'delta':'a'}"), "s", SeriesMode.ACCUMULATE, null),
                        new EventInput("llm.delta", null, json("{'delta':'b'}"), "s", SeriesMode.ACCUMULATE, null)))),
                        replyHeaders(), T0 + 40),
                command(TASK_ID, Json.toBytes(transition("cmd-5", TaskStatus.COMPLETED)), new RecordHeaders(), T0 + 50),
                command("task-2", Json.toBytes(new CreateTask("cmd-6", "task-2", null, null, null, null, null,
                        null, null, null)), new RecordHeaders(), T0 + 60));

        // when
        List<String> firstRun = replay(script, stateDir.resolve("first"), Instant.ofEpochMilli(T0 + 5_000_000));
        List<String> secondRun = replay(script, stateDir.resolve("second"), Instant.ofEpochMilli(T0 + 9_000_000));

        // then 4 snapshots (the publish leaves the task as it was), 4 events, 5 replies (one a 400) and
        // 1 dead letter, identical byte for byte
        assertThat(firstRun).hasSize(14).isEqualTo(secondRun);
    }

    /** Runs the commands through a new driver; every output record as topic, key, value, headers, time. */
    private static List<String> replay(List<TestRecord<String, byte[]>> script, Path dir, Instant wallClock) {
        try (TopologyTestDriver fresh = newDriver(dir, wallClock, new NoViews())) {
            TestInputTopic<String, byte[]> in = fresh.createInputTopic(TOPICS.commands().name(),
                    new StringSerializer(), new ByteArraySerializer());
            script.forEach(in::pipeInput);
            List<String> outputs = new ArrayList<>();
            for (String topic : List.of(TOPICS.tasks().name(), TOPICS.events().name(),
                    TOPICS.commandResults().name(), TOPICS.commandsDlq().name())) {
                fresh.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer())
                        .readRecordsToList()
                        .forEach(r -> outputs.add(topic + " " + r.key() + " " + hex(r.value()) + " "
                                + Arrays.stream(r.headers().toArray()).map(h -> h.key() + "=" + hex(h.value())).toList()
                                + " " + r.getRecordTime().toEpochMilli()));
            }
            return outputs;
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static TopologyTestDriver newDriver(Path stateDir, Instant wallClock, ViewWriter views) {
        return newDriver(stateDir, wallClock, views, Cleanups.none(), WebhookFanout.none());
    }

    private static TopologyTestDriver newDriver(Path stateDir, Instant wallClock, ViewWriter views, Cleanups cleanups,
                                                WebhookFanout fanout) {
        return newDriver(stateDir, wallClock, views, cleanups, fanout, CommandMeters.none());
    }

    private static TopologyTestDriver newDriver(Path stateDir, Instant wallClock, ViewWriter views, Cleanups cleanups,
                                                WebhookFanout fanout, CommandMeters meters) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "task-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new TopologyTestDriver(TaskTopology.build(TOPICS, views, TIMER_INTERVAL, cleanups, fanout, meters), props,
                wallClock);
    }

    /** Writes {@code c} as a producer without reply headers would. */
    private void pipe(Command c, long time) {
        commands.pipeInput(command(c.taskId(), Json.toBytes(c), new RecordHeaders(), time));
    }

    private TaskState storedState() {
        return driver.<String, TaskState>getKeyValueStore(TaskTopology.STATE_STORE).get(TASK_ID);
    }

    private static TestRecord<String, byte[]> command(String key, byte[] value, RecordHeaders headers, long time) {
        return new TestRecord<>(key, value, headers, Instant.ofEpochMilli(time));
    }

    /** The headers spring-kafka's ReplyingKafkaTemplate puts on a request. */
    private static RecordHeaders replyHeaders() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.CORRELATION_ID, CORRELATION_ID);
        headers.add(Headers.REPLY_PARTITION, partitionBytes(REPLY_PARTITION));
        return headers;
    }

    private static RecordHeaders correlationOnly() {
        return new RecordHeaders(new Header[] {header(Headers.CORRELATION_ID, CORRELATION_ID)});
    }

    private static byte[] partitionBytes(int partition) {
        return ByteBuffer.allocate(4).putInt(partition).array();
    }

    private static CreateTask create(String commandId, Integer ttl) {
        return new CreateTask(commandId, TASK_ID, null, null, null, ttl, null, null, null, null);
    }

    private static TransitionTask transition(String commandId, TaskStatus to) {
        return new TransitionTask(commandId, TASK_ID, to, null, null, null, null, null, null);
    }

    private static CreateTask createWithEveryField(String commandId) {
        return new CreateTask(commandId, TASK_ID, "llm.chat",
                json("{'prompt':'Summarise the report','maxTokens':512}"),
                json("{'tenant':'acme'}"),
                3600,
                json("{'rules':[{'match':{'scope':['event:subscribe']}}]}"),
                json("[{'url':'https://hooks.example.com/taskcast'}]"),
                json("{'rules':[{'trigger':{'afterMs':60000},'target':'events'}]}"),
                List.of("llm", "batch"));
    }

    /** The task a create makes, spelled out field by field rather than through the code under test. */
    private static Task pendingTask(CreateTask c, long time) {
        return TaskBuilder.pending(c.taskId(), time).type(c.type()).params(c.params()).metadata(c.metadata())
                .ttl(c.ttl()).authConfig(c.authConfig()).webhooks(c.webhooks()).cleanup(c.cleanup()).tags(c.tags())
                .build();
    }

    private static TaskEvent event(String id, long index, long time, String type, Level level, String data) {
        return new TaskEvent(id, TASK_ID, index, time, type, level, json(data), null, null, null, null);
    }

    /** A delta of the lifecycle test's accumulate series, published at T0 + 2 s. */
    private static TaskEvent delta(String id, long index, String data) {
        return new TaskEvent(id, TASK_ID, index, T0 + 2_000, "llm.delta", Level.DEBUG, json(data), "answer",
                SeriesMode.ACCUMULATE, null, null);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    private static Header header(String key, byte[] value) {
        return new RecordHeader(key, value);
    }

    /** JSON written with single quotes, for readability. */
    private static JsonNode json(String text) {
        return Json.mapper().readTree(text.replace('\'', '"'));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Header header) {
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? "null" : HexFormat.of().formatHex(bytes);
    }
}
