package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CreateTask;
import io.taskcast.kafka.schemas.command.EventInput;
import io.taskcast.kafka.schemas.command.PublishEvents;
import io.taskcast.kafka.schemas.command.ResolveTask;
import io.taskcast.kafka.schemas.command.TransitionTask;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine as a pure function: what a command does to a task's state, with no Kafka around it. */
class TaskEngineTest {

    private static final String TASK_ID = "task-1";
    /** A fixed past instant, so a result taken from the wall clock could not pass for it. */
    private static final long COMMAND_TIME = 1_600_000_000_123L;

    @Test
    void shouldCreatePendingTaskWithEveryGivenField() {
        // given
        JsonNode params = json("{\"prompt\":\"Summarise the report\",\"maxTokens\":512}");
        JsonNode metadata = json("{\"tenant\":\"acme\"}");
        JsonNode authConfig = json("{\"rules\":[{\"match\":{\"scope\":[\"event:subscribe\"]}}]}");
        JsonNode webhooks = json("[{\"url\":\"https://hooks.example.com/taskcast\"}]");
        JsonNode cleanup = json("{\"rules\":[{\"trigger\":{\"afterMs\":60000},\"target\":\"events\"}]}");
        CreateTask create = new CreateTask("cmd-1", TASK_ID, "llm.chat", params, metadata, 3600, authConfig,
                webhooks, cleanup, List.of("llm", "batch"));

        // when
        Decision decision = TaskEngine.decide(null, create, COMMAND_TIME);

        // then
        Task expected = new Task(TASK_ID, "llm.chat", TaskStatus.PENDING, params, null, null, metadata,
                COMMAND_TIME, COMMAND_TIME, null, 3600, authConfig, webhooks, cleanup, List.of("llm", "batch"),
                null, null, null);
        assertThat(decision).isEqualTo(new Decision.Applied(new TaskState(expected, 0), List.of()));
    }

    @Test
    void shouldCreatePendingTaskFromRequiredFieldsOnly() {
        // given
        CreateTask create = new CreateTask("cmd-1", TASK_ID, null, null, null, null, null, null, null, null);

        // when
        Decision decision = TaskEngine.decide(null, create, COMMAND_TIME);

        // then
        Task expected = new Task(TASK_ID, null, TaskStatus.PENDING, null, null, null, null,
                COMMAND_TIME, COMMAND_TIME, null, null, null, null, null, null, null, null, null);
        assertThat(decision).isEqualTo(new Decision.Applied(new TaskState(expected, 0), List.of()));
    }

    @Test
    void shouldRejectDuplicateCreateWith409() {
        // given
        TaskState existing = new TaskState(pendingTask(), 3);
        CreateTask again = new CreateTask("cmd-2", TASK_ID, "other.type", null, null, null, null, null, null, null);

        // when
        Decision decision = TaskEngine.decide(existing, again, COMMAND_TIME + 1_000);

        // then
        assertThat(decision).isEqualTo(
                new Decision.Refused(409, "TASK_ALREADY_EXISTS", "Task already exists: " + TASK_ID));
    }

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
    void shouldRefuseCommandsOtherThanCreateWith501OnExistingTask(String kind, Command command) {
        // given
        TaskState existing = new TaskState(pendingTask(), 0);

        // when
        Decision decision = TaskEngine.decide(existing, command, COMMAND_TIME + 1_000);

        // then
        assertThat(decision).isEqualTo(
                new Decision.Refused(501, "NOT_IMPLEMENTED", "Command '" + kind + "' is not supported yet"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandsNotImplementedYet")
    void shouldRefuseCommandsOtherThanCreateWith501OnUnknownTask(String kind, Command command) {
        // given no task with this id

        // when
        Decision decision = TaskEngine.decide(null, command, COMMAND_TIME);

        // then
        assertThat(decision).isEqualTo(
                new Decision.Refused(501, "NOT_IMPLEMENTED", "Command '" + kind + "' is not supported yet"));
    }

    private static Task pendingTask() {
        return new Task(TASK_ID, "llm.chat", TaskStatus.PENDING, null, null, null, null,
                COMMAND_TIME, COMMAND_TIME, null, null, null, null, null, null, null, null, null);
    }

    private static JsonNode json(String text) {
        return Json.mapper().readTree(text);
    }
}
