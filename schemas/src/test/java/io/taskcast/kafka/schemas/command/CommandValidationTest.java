package io.taskcast.kafka.schemas.command;

import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.archive.TaskArchive;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandValidationTest {

    @Test
    void shouldAcceptAnExportedArchiveForImport() {
        TaskArchive archive = TaskArchive.export(TASK, List.of(event(0, "a"), event(1, "b")), Map.of(), 9_000);

        assertThat(CommandValidation.importProblem(archive.task(), archive.events())).isEmpty();
        assertThat(CommandValidation.importProblem(TASK, List.of())).isEmpty();
    }

    @Test
    void shouldNameWhyAnArchiveCannotBeImported() {
        TaskEvent first = event(0, "a");
        TaskEvent second = event(1, "b");

        assertThat(CommandValidation.importProblem(null, List.of())).contains("archive.task is required");
        assertThat(CommandValidation.importProblem(TASK, null)).contains("archive.events is required");
        assertThat(CommandValidation.importProblem(Task.created("a/b", null, null, null, null, null, null, null, null, 1), List.of()))
                .hasValueSatisfying(p -> assertThat(p).startsWith("archive.task.id: "));
        assertThat(CommandValidation.importProblem(TASK, List.of(second)))
                .contains("archive events must be contiguous from index 0: archive.events[0] has index 1");
        assertThat(CommandValidation.importProblem(TASK, List.of(first, new TaskEvent("e0", "t1", 1, 1, "b", Level.INFO, null, null, null, null, null))))
                .contains("archive event ids must be unique: archive.events[1] repeats id e0");
        assertThat(CommandValidation.importProblem(TASK, List.of(new TaskEvent("x", "t2", 0, 1, "a", Level.INFO, null, null,
                null, null, null)))).contains("archive.events[0].taskId must equal archive.task.id (t1), got t2");
        assertThat(CommandValidation.importProblem(TASK, List.of(new TaskEvent("x", "t1", 0, 1, "a", Level.INFO, null, null,
                null, null, true)))).hasValueSatisfying(p -> assertThat(p).startsWith("archive.events[0] must not carry seriesSnapshot"));
        assertThat(CommandValidation.importProblem(TASK, List.of(new TaskEvent("x", "t1", 0, 1, null, Level.INFO, null, null,
                null, null, null)))).contains("archive.events[0].type is required");
    }

    @Test
    void shouldNameTheProblemOfAnImportAndOfARelease() {
        assertThat(CommandValidation.problem(new ImportTask("c", "t2", TASK, List.of(), false)))
                .contains("taskId must equal the imported task's id (t1)");
        assertThat(CommandValidation.problem(new ImportTask("c", "t1", TASK, List.of(), false))).isEmpty();
        assertThat(CommandValidation.problem(new ReleaseStorage("c", "t1", -2, 0, -1, null)))
                .contains("expectedLastEventIndex must be an integer ≥ -1");
        assertThat(CommandValidation.problem(new ReleaseStorage("c", "t1", -1, -1, -1, null)))
                .contains("inactiveSince must be a non-negative integer (ms)");
        assertThat(CommandValidation.problem(new ReleaseStorage("c", "t1", -1, 0, -1, null))).isEmpty();
    }

    private static final Task TASK = Task.created("t1", "llm", null, null, null, null, null, null, null, 1_000);

    private static TaskEvent event(long index, String type) {
        return new TaskEvent("e" + index, "t1", index, 2_000 + index, type, Level.INFO, Json.mapper().readTree("1"),
                null, null, null, null);
    }


    @Test
    void shouldAcceptAMinimalCreate() {
        assertThat(CommandValidation.problem(create("t-1", null))).isEmpty();
    }

    @Test
    void shouldNameTheFieldOfEachProblem() {
        assertThat(CommandValidation.problem(create("", null))).contains("taskId is required");
        assertThat(CommandValidation.problem(create("a/b", null)))
                .contains("taskId must not contain spaces, control characters or '/'");
        assertThat(CommandValidation.problem(create("x".repeat(257), null)))
                .contains("taskId must be at most 256 characters");
        assertThat(CommandValidation.problem(create("t-1", 0))).contains("ttl must be a positive integer (seconds)");
        assertThat(CommandValidation.problem(new PublishEvents("c", "t-1", List.of())))
                .contains("events must hold at least one event");
        assertThat(CommandValidation.problem(new PublishEvents("c", "t-1", Arrays.asList((EventInput) null))))
                .contains("events must not contain null");
        assertThat(CommandValidation.problem(new TransitionTask("c", "t-1", null, null, null, null, null, null, null)))
                .contains("status is required");
        assertThat(CommandValidation.problem(new TransitionTask("c", "t-1", TaskStatus.RUNNING, null, null, null, 0, null,
                null))).contains("ttl must be a positive integer (seconds)");
        assertThat(CommandValidation.problem(new TransitionTask("c", "t-1", TaskStatus.BLOCKED, null, null, null, null,
                -1L, null))).contains("resumeAfterMs must not be negative");
        assertThat(CommandValidation.problem(new PublishEvents("c", "t-1",
                List.of(new EventInput("", null, null, null, null, null))))).contains("events[].type is required");
    }

    @Test
    void shouldRefuseTheNulCharacterInTextFieldsTheArchiveStoresAsText() {
        String nul = "a\u0000b";
        assertThat(CommandValidation.problem(new CreateTask("c", "t-1", nul, null, null, null, null, null, null, null)))
                .contains("type must not contain the NUL character");
        assertThat(CommandValidation.problem(new TransitionTask("c", "t-1", TaskStatus.PAUSED, null, null, nul, null,
                null, null))).contains("reason must not contain the NUL character");
        assertThat(CommandValidation.problem(new PublishEvents("c", "t-1",
                List.of(new EventInput("t", null, null, nul, null, null)))))
                .contains("events[].type, seriesId and seriesAccField must not contain the NUL character");
        assertThat(CommandValidation.problem(new PublishEvents("c", "t-1",
                List.of(new EventInput("t", null, tools.jackson.databind.node.StringNode.valueOf(nul), null, null, null)))))
                .as("JSON data may hold it").isEmpty();
    }

    @Test
    void shouldRefuseAFractionalTtlInsteadOfRoundingIt() {
        byte[] json = "{\"command\":\"create\",\"commandId\":\"c\",\"taskId\":\"t\",\"ttl\":1.5}".getBytes();

        assertThatThrownBy(() -> Json.fromBytes(json, Command.class)).isInstanceOf(JacksonException.class);
    }

    private static CreateTask create(String taskId, Integer ttl) {
        return new CreateTask("cmd-1", taskId, null, null, null, ttl, null, null, null, null);
    }
}
