package io.taskcast.kafka.schemas.command;

import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandValidationTest {

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
