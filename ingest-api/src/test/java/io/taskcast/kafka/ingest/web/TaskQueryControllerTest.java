package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.platform.auth.RequestGuard;
import io.taskcast.kafka.platform.TaskReads;
import io.taskcast.kafka.platform.redis.SubscriberCounts;
import io.taskcast.kafka.platform.redis.TaskHistory;
import io.taskcast.kafka.schemas.BlockedRequest;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.taskcast.kafka.ingest.web.Events.TASK_ID;
import static io.taskcast.kafka.ingest.web.Events.delta;
import static io.taskcast.kafka.ingest.web.Events.plain;
import static io.taskcast.kafka.ingest.web.Events.state;
import static io.taskcast.kafka.ingest.web.Events.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import io.taskcast.kafka.platform.auth.AuthProperties;
import io.taskcast.kafka.platform.auth.Authenticator;
import io.taskcast.kafka.platform.auth.Authorizer;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The read routes over HTTP, without a server or Redis: parameter handling, status codes, error
 * bodies and JSON shapes. The reads are stubbed; they are proven by RedisTaskViewsIT, ArchiveReadsIT and TaskReadsIT.
 */
class TaskQueryControllerTest {

    private final TaskReads views = mock(TaskReads.class);
    private final SubscriberCounts subscribers = mock(SubscriberCounts.class);
    private WebTestClient client;

    @BeforeEach
    void bind() {
        client = WebTestClient.bindToController(new TaskQueryController(views, subscribers, new RequestGuard(
                        new Authenticator(new AuthProperties("none", null, null), null), new Authorizer(false), views)))
                .controllerAdvice(new ErrorResponses())
                .httpMessageCodecs(codecs -> {
                    codecs.defaultCodecs().jacksonJsonEncoder(new JacksonJsonEncoder(Json.mapper()));
                    codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(Json.mapper()));
                })
                .build();
        when(views.findTask(anyString())).thenReturn(Optional.empty());
    }

    @Test
    void shouldListTasksWithSubscriberCountsFilteredByStatus() {
        Task running = task("a", TaskStatus.RUNNING, null), done = task("b", TaskStatus.COMPLETED, null);
        when(views.listTasks()).thenReturn(List.of(running, done));
        when(subscribers.count("a")).thenReturn(2L);

        client.get().uri("/tasks?status=running,pending").exchange()
                .expectStatus().isOk()
                .expectBody()
                .json("{\"tasks\":[{\"id\":\"a\",\"status\":\"running\",\"subscriberCount\":2,\"hot\":true}]}")
                .jsonPath("$.tasks.length()").isEqualTo(1);
    }

    @Test
    void shouldListAColdTaskAsNotHot() {
        when(views.listTasks()).thenReturn(List.of(task("a", TaskStatus.PENDING, null)));

        client.get().uri("/tasks").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.tasks[0].subscriberCount").isEqualTo(0).jsonPath("$.tasks[0].hot").isEqualTo(false);
    }

    @Test
    void shouldAnswerAnEmptyListAsAnObject() {
        when(views.listTasks()).thenReturn(List.of());

        client.get().uri("/tasks").exchange().expectStatus().isOk().expectBody().json("{\"tasks\":[]}");
    }

    @Test
    void shouldRejectAnUnknownStatus() {
        client.get().uri("/tasks?status=done").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("INVALID_QUERY")
                .jsonPath("$.error").value(String.class, error -> assertThat(error)
                        .startsWith("status: unknown status 'done'"));
    }

    @Test
    void shouldAnswer404ForTheHistoryOfAnUnknownTask() {
        client.get().uri("/tasks/nope/events/history").exchange()
                .expectStatus().isNotFound()
                .expectBody().json("{\"error\":\"Task not found\",\"code\":\"TASK_NOT_FOUND\"}");
    }

    @Test
    void shouldCheckParametersBeforeTheTaskExists() {
        client.get().uri("/tasks/nope/events/history?limit=0").exchange()
                .expectStatus().isBadRequest()
                .expectBody().json("{\"error\":\"limit must be a positive integer, got '0'\",\"code\":\"INVALID_QUERY\"}");
    }

    @Test
    void shouldReadTheHistoryFromAfterTheIndexAndApplyLimitAndFilters() {
        givenTask(task(TASK_ID, TaskStatus.RUNNING, null));
        when(views.historyFrom(TASK_ID, 2)).thenReturn(List.of(plain(2, "llm.a", Level.INFO),
                plain(3, "tool", Level.INFO), plain(4, "llm.b", Level.INFO), plain(5, "llm.c", Level.INFO)));

        client.get().uri("/tasks/{id}/events/history?since.index=1&limit=2&types=llm.*", TASK_ID).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[*].index").isEqualTo(List.of(2, 4));
        verify(views, never()).historyWithSeriesStates(anyString());
    }

    @Test
    void shouldAnswerTheHistoryAsTaskEventsWithNullDataKeptAndAbsentFieldsOmitted() {
        givenTask(task(TASK_ID, TaskStatus.RUNNING, null));
        TaskEvent bare = new TaskEvent("evt-0", TASK_ID, 0, 1_700_000_000_000L, "ping", Level.DEBUG, null, null, null,
                null, null);
        when(views.historyFrom(TASK_ID, 0)).thenReturn(List.of(bare));

        client.get().uri("/tasks/{id}/events/history", TASK_ID).exchange()
                .expectStatus().isOk()
                .expectBody().json("[{\"id\":\"evt-0\",\"taskId\":\"" + TASK_ID + "\",\"index\":0,"
                        + "\"timestamp\":1700000000000,\"type\":\"ping\",\"level\":\"debug\",\"data\":null}]",
                        JsonCompareMode.STRICT);
    }

    @Test
    void shouldCollapseTheHistoryWithSeriesFormatAccumulated() {
        givenTask(task(TASK_ID, TaskStatus.RUNNING, null));
        TaskEvent first = delta(1, "chunk1"), second = delta(2, "chunk2");
        when(views.historyWithSeriesStates(TASK_ID)).thenReturn(new TaskHistory(
                List.of(status(0, "running"), first, second), Map.of("answer", state(second, "chunk1chunk2"))));

        client.get().uri("/tasks/{id}/events/history?seriesFormat=accumulated", TASK_ID).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[1].data.delta").isEqualTo("chunk1chunk2")
                .jsonPath("$[1].index").isEqualTo(2)
                .jsonPath("$[1].seriesSnapshot").isEqualTo(true);
        verify(views, never()).historyFrom(anyString(), anyLong());
    }

    @Test
    void shouldAnswerTheBlockedRequest() {
        givenTask(task(TASK_ID, TaskStatus.BLOCKED,
                new BlockedRequest("approval", Json.mapper().readTree("{\"question\":\"Ship?\"}"))));

        client.get().uri("/tasks/{id}/request", TASK_ID).exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"type\":\"approval\",\"data\":{\"question\":\"Ship?\"}}",
                        JsonCompareMode.STRICT);
    }

    @Test
    void shouldAnswer404WhenTheTaskHasNoBlockedRequest() {
        givenTask(task(TASK_ID, TaskStatus.RUNNING, null));

        client.get().uri("/tasks/{id}/request", TASK_ID).exchange()
                .expectStatus().isNotFound()
                .expectBody().json("{\"error\":\"No blocked request\",\"code\":\"NO_BLOCKED_REQUEST\"}");
    }

    @Test
    void shouldAnswer404ForTheRequestOfAnUnknownTask() {
        client.get().uri("/tasks/nope/request").exchange()
                .expectStatus().isNotFound()
                .expectBody().json("{\"error\":\"Task not found\",\"code\":\"TASK_NOT_FOUND\"}");
    }

    private void givenTask(Task task) {
        when(views.findTask(task.id())).thenReturn(Optional.of(task));
    }

    private static Task task(String id, TaskStatus status, BlockedRequest request) {
        return new Task(id, "llm.chat", status, null, null, null, null, 1_000L, 2_000L, null, null, null, null, null,
                null, null, null, request);
    }
}
