package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.hooks.TaskFailed;
import io.taskcast.kafka.platform.hooks.TaskTimedOut;
import io.taskcast.kafka.platform.hooks.TaskcastHooks;
import io.taskcast.kafka.processor.engine.Cleanups;
import io.taskcast.kafka.processor.engine.WebhookFanout;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskError;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CreateTask;
import io.taskcast.kafka.schemas.command.TransitionTask;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The failed and timeout hooks, through the production topology factory: who is told, and that a throwing hook changes nothing. */
class StatusHooksTopologyTest {

    private static final Topics TOPICS = Topics.withPrefix("taskcast");
    private static final long T0 = 1_600_000_000_123L;

    @TempDir
    Path stateDir;

    private final List<Object> told = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> commands;
    private TestOutputTopic<String, EventRecord> events;

    /** Throws on every call, before the recording hook runs. */
    private static final class ThrowingHooks implements TaskcastHooks {
        @Override
        public void onTaskFailed(TaskFailed failed) {
            throw new IllegalStateException("hook down");
        }

        @Override
        public void onTaskTimeout(TaskTimedOut timedOut) {
            throw new IllegalStateException("hook down");
        }
    }

    private final class RecordingHooks implements TaskcastHooks {
        @Override
        public void onTaskFailed(TaskFailed failed) {
            told.add(failed);
        }

        @Override
        public void onTaskTimeout(TaskTimedOut timedOut) {
            told.add(timedOut);
        }
    }

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "status-hooks-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        HookDispatcher hooks = new HookDispatcher(List.of(new ThrowingHooks(), new RecordingHooks()));
        driver = new TopologyTestDriver(TaskTopology.build(TOPICS, new NoViews(), Duration.ofSeconds(1),
                Cleanups.none(), WebhookFanout.none(), CommandMeters.none(), hooks), props, Instant.ofEpochMilli(T0));
        commands = driver.createInputTopic(TOPICS.commands().name(), new StringSerializer(), new ByteArraySerializer());
        events = driver.createOutputTopic(TOPICS.events().name(), new StringDeserializer(),
                TOPICS.events().valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldTellHooksOfAFailedTaskOnceAndStillEmitItsStatusEvent() {
        // given a running task
        pipe(new CreateTask("c1", "t1", "llm.chat", null, null, null, null, null, null, null), T0);
        pipe(transition("c2", "t1", TaskStatus.RUNNING, null, null), T0 + 1);

        // when it fails, and then a publish to it is refused
        pipe(transition("c3", "t1", TaskStatus.FAILED, new TaskError("LLM_TIMEOUT", "model took too long", null),
                "gave up"), T0 + 2);
        pipe(transition("c4", "t1", TaskStatus.FAILED, null, null), T0 + 3);

        // then the recording hook heard it once, despite the throwing one before it
        assertThat(told).containsExactly(new TaskFailed("t1", "llm.chat", "LLM_TIMEOUT", "model took too long",
                T0 + 2));
        // and the pipeline went on: both status events are on the events topic
        assertThat(events.readValuesToList()).extracting(r -> r.event().data().get("status").asString())
                .containsExactly("running", "failed");
    }

    @Test
    void shouldTellHooksOfATaskWhoseTtlRanOut() {
        pipe(new CreateTask("c1", "t2", null, null, null, 5, null, null, null, null), T0);

        driver.advanceWallClockTime(Duration.ofSeconds(6));

        assertThat(told).containsExactly(new TaskTimedOut("t2", null, 5, T0 + 6_000));
    }

    @Test
    void shouldTellHooksNothingForOtherStatuses() {
        pipe(new CreateTask("c1", "t3", null, null, null, null, null, null, null, null), T0);
        pipe(transition("c2", "t3", TaskStatus.RUNNING, null, null), T0 + 1);
        pipe(transition("c3", "t3", TaskStatus.COMPLETED, null, null), T0 + 2);

        assertThat(told).isEmpty();
    }

    private void pipe(Command c, long time) {
        commands.pipeInput(c.taskId(), Json.toBytes(c), Instant.ofEpochMilli(time));
    }

    private static TransitionTask transition(String commandId, String taskId, TaskStatus to, TaskError error,
                                             String reason) {
        return new TransitionTask(commandId, taskId, to, null, error, reason, null, null, null);
    }

}
