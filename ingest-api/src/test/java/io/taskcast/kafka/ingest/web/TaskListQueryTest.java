package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.platform.web.ApiException;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The status/type filter of {@code GET /tasks}. */
class TaskListQueryTest {

    private static final Task RUNNING_CHAT = task("a", "llm.chat", TaskStatus.RUNNING);
    private static final Task DONE_CHAT = task("b", "llm.chat", TaskStatus.COMPLETED);
    private static final Task RUNNING_UNTYPED = task("c", null, TaskStatus.RUNNING);
    private static final List<Task> TASKS = List.of(RUNNING_CHAT, DONE_CHAT, RUNNING_UNTYPED);

    @Test
    void shouldKeepEveryTaskWithoutOrWithEmptyParameters() {
        assertThat(TASKS).filteredOn(TaskListQuery.parse(null, null)::matches).isEqualTo(TASKS);
        assertThat(TASKS).filteredOn(TaskListQuery.parse("", "")::matches).isEqualTo(TASKS);
    }

    @Test
    void shouldKeepTasksInAnyOfTheStatuses() {
        assertThat(TASKS).filteredOn(TaskListQuery.parse("completed", null)::matches).containsExactly(DONE_CHAT);
        assertThat(TASKS).filteredOn(TaskListQuery.parse("pending, completed,running", null)::matches)
                .containsExactly(RUNNING_CHAT, DONE_CHAT, RUNNING_UNTYPED);
    }

    @Test
    void shouldKeepTasksOfExactlyTheType() {
        assertThat(TASKS).filteredOn(TaskListQuery.parse(null, "llm.chat")::matches).containsExactly(RUNNING_CHAT, DONE_CHAT);
        assertThat(TASKS).filteredOn(TaskListQuery.parse("running", "llm.chat")::matches).containsExactly(RUNNING_CHAT);
        assertThat(TASKS).filteredOn(TaskListQuery.parse(null, "llm.*")::matches).isEmpty();
    }

    @Test
    void shouldRejectAnUnknownStatusNamingIt() {
        assertThatThrownBy(() -> TaskListQuery.parse("running,done", null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("INVALID_QUERY"))
                .hasMessage("status: unknown status 'done' (expected one of pending, assigned, running, paused, "
                        + "blocked, completed, failed, timeout, cancelled)");
    }

    private static Task task(String id, String type, TaskStatus status) {
        return new Task(id, type, status, null, null, null, null, 1_000L, 2_000L, null, null, null, null, null, null,
                null, null, null);
    }
}
