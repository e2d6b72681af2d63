package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.processor.engine.TaskState;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.command.Accepted;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CommandResult;
import io.taskcast.kafka.schemas.command.CreateTask;
import io.taskcast.kafka.schemas.command.EventInput;
import io.taskcast.kafka.schemas.command.PublishEvents;
import io.taskcast.kafka.schemas.command.Rejected;
import io.taskcast.kafka.schemas.command.ResolveTask;
import io.taskcast.kafka.schemas.command.TransitionTask;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Headers;
import io.taskcast.kafka.schemas.topic.Topics;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processor's topology driven through the production factory {@link TaskTopology#build}, with
 * raw bytes on the commands topic as any producer would write them, and a view writer that records
 * what it was given.
 */
class TaskTopologyTest {

    private static final Topics TOPICS = Topics.withPrefix("taskcast");
    private static final String TASK_ID = "task-1";
    /** A fixed past instant, so a time taken from the wall clock could not pass for it. */
    private static final long T0 = 1_600_000_000_123L;
    private static final byte[] CORRELATION_ID = "corr-7f3a".getBytes(StandardCharsets.UTF_8);
    private static final int REPLY_PARTITION = 2;

    @TempDir
    Path stateDir;

    private final List<ViewWrite> viewWrites = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> commands;
    private TestOutputTopic<String, Task> tasks;
    private TestOutputTopic<String, TaskEvent> events;
    private TestOutputTopic<String, CommandResult> results;
    private TestOutputTopic<String, byte[]> dlq;

    /** One call of the view writer, as it was made. */
    record ViewWrite(Task task, List<TaskEvent> events) {
    }

    @BeforeEach
    void startDriver() {
        driver = newDriver(stateDir, Instant.ofEpochMilli(T0), (task, evs) -> viewWrites.add(new ViewWrite(task, evs)));
        commands = driver.createInputTopic(TOPICS.commands().name(), new StringSerializer(), new ByteArraySerializer());
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
        assertThat(driver.<String, TaskState>getKeyValueStore(TaskTopology.STATE_STORE).get(TASK_ID))
                .isEqualTo(new TaskState(expected, 0));
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
        assertThat(driver.<String, TaskState>getKeyValueStore(TaskTopology.STATE_STORE).get(TASK_ID))
                .isEqualTo(new TaskState(firstTask, 0));
        assertThat(events.isEmpty()).isTrue();
    }

    // --- commands the engine does not implement yet (issue 3) -------------------------------------

    static Stream<Arguments> commandsNotImplementedYet() {
        return Stream.of(
                Arguments.of("transition", new TransitionTask("cmd-2", TASK_ID, TaskStatus.RUNNING,
                        null, null, null, null, null, null)),
                Arguments.of("publish", new PublishEvents("cmd-2", TASK_ID,
                        List.of(new EventInput("log", null, json("\"started\""), null, null, null)))),
                Arguments.of("resolve", new ResolveTask("cmd-2", TASK_ID, json("{\"approved\":true}"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandsNotImplementedYet")
    void shouldReplyNotImplementedWith501AndLeaveExistingTaskUnchanged(String kind, Command command) {
        // given
        CreateTask create = createWithEveryField("cmd-1");
        commands.pipeInput(command(TASK_ID, Json.toBytes(create), new RecordHeaders(), T0));
        Task created = pendingTask(create, T0);
        tasks.readRecordsToList();

        // when
        commands.pipeInput(command(TASK_ID, Json.toBytes(command), replyHeaders(), T0 + 1_000));

        // then
        assertThat(results.readRecordsToList()).containsExactly(new TestRecord<>("cmd-2",
                new Rejected("cmd-2", 501, "NOT_IMPLEMENTED", "Command '" + kind + "' is not supported yet"),
                correlationOnly(), Instant.ofEpochMilli(T0 + 1_000)));
        assertThat(tasks.isEmpty()).isTrue();
        assertThat(events.isEmpty()).isTrue();
        assertThat(viewWrites).containsExactly(new ViewWrite(created, List.of()));
        assertThat(driver.<String, TaskState>getKeyValueStore(TaskTopology.STATE_STORE).get(TASK_ID))
                .isEqualTo(new TaskState(created, 0));
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
                        reason -> assertThat(reason).startsWith("not a valid command: ").contains("exploded"))));
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
        assertThat(results.readValue()).extracting(CommandResult::commandId, r -> ((Rejected) r).status())
                .containsExactly(null, 400);
        assertThat(tasks.readValuesToList()).containsExactly(pendingTask(next, T0 + 1_000));
    }

    // --- determinism (architecture invariant 3) -----------------------------------------------------

    @Test
    void shouldWriteByteIdenticalOutputsWhenTheSameCommandsAreReplayed() {
        // given two fresh processors whose wall clocks differ
        List<TestRecord<String, byte[]>> script = List.of(
                command(TASK_ID, Json.toBytes(createWithEveryField("cmd-1")), replyHeaders(), T0),
                command(TASK_ID, Json.toBytes(createWithEveryField("cmd-2")), replyHeaders(), T0 + 10),
                command(TASK_ID, Json.toBytes(new TransitionTask("cmd-3", TASK_ID, TaskStatus.RUNNING,
                        null, null, null, null, null, null)), replyHeaders(), T0 + 20),
                command(TASK_ID, utf8("not json"), replyHeaders(), T0 + 30),
                command("task-2", Json.toBytes(new CreateTask("cmd-4", "task-2", null, null, null, null, null,
                        null, null, null)), new RecordHeaders(), T0 + 40));

        // when
        List<String> firstRun = replay(script, stateDir.resolve("first"), Instant.ofEpochMilli(T0 + 5_000_000));
        List<String> secondRun = replay(script, stateDir.resolve("second"), Instant.ofEpochMilli(T0 + 9_000_000));

        // then
        assertThat(firstRun).hasSize(7).isEqualTo(secondRun);
    }

    /** Runs the commands through a new driver; every output record as topic, key, value, headers, time. */
    private static List<String> replay(List<TestRecord<String, byte[]>> script, Path dir, Instant wallClock) {
        try (TopologyTestDriver fresh = newDriver(dir, wallClock, (task, evs) -> { })) {
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
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "task-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new TopologyTestDriver(TaskTopology.build(TOPICS, views), props, wallClock);
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

    private static CreateTask createWithEveryField(String commandId) {
        return new CreateTask(commandId, TASK_ID, "llm.chat",
                json("{\"prompt\":\"Summarise the report\",\"maxTokens\":512}"),
                json("{\"tenant\":\"acme\"}"),
                3600,
                json("{\"rules\":[{\"match\":{\"scope\":[\"event:subscribe\"]}}]}"),
                json("[{\"url\":\"https://hooks.example.com/taskcast\"}]"),
                json("{\"rules\":[{\"trigger\":{\"afterMs\":60000},\"target\":\"events\"}]}"),
                List.of("llm", "batch"));
    }

    /** The task a create makes, spelled out field by field rather than through the code under test. */
    private static Task pendingTask(CreateTask c, long time) {
        return new Task(c.taskId(), c.type(), TaskStatus.PENDING, c.params(), null, null, c.metadata(), time, time,
                null, c.ttl(), c.authConfig(), c.webhooks(), c.cleanup(), c.tags(), null, null, null);
    }

    private static Header header(String key, byte[] value) {
        return new RecordHeader(key, value);
    }

    private static JsonNode json(String text) {
        return Json.mapper().readTree(text);
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
