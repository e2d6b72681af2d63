package io.taskcast.kafka.gateway.web;

import io.taskcast.kafka.platform.auth.RequestGuard;
import io.taskcast.kafka.gateway.live.LiveListeners;
import io.taskcast.kafka.gateway.stream.TaskStreams;
import io.taskcast.kafka.platform.TaskReads;
import io.taskcast.kafka.platform.auth.AuthContext;
import io.taskcast.kafka.platform.auth.Authenticator;
import io.taskcast.kafka.platform.auth.Authorizer;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.redis.SubscriberCounts;
import io.taskcast.kafka.platform.redis.TaskHistory;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The gateway looks tasks and histories up through {@link TaskReads}, so a task Redis has let go
 * is still replayed from the archive. The facade is stubbed here; its Redis-then-archive order is
 * proven by TaskReadsIT.
 */
class ArchivedTaskStreamTest {

    private final TaskReads reads = mock(TaskReads.class);
    private final WebTestClient client = client(reads);

    @Test
    void shouldReplayATaskOnlyTheArchiveStillHasThenSendDone() {
        // given: the facade finds the task (in the archive) with its whole history
        when(reads.findTask("t")).thenReturn(Optional.of(task(TaskStatus.COMPLETED)));
        when(reads.historyWithSeriesStates("t")).thenReturn(new TaskHistory(
                List.of(event(0, "log"), event(1, "log"), status(2, "completed")), Map.of()));

        // when
        String body = client.get().uri("/tasks/t/events?wrap=false").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        // then: the three events in order, then done
        assertThat(dataLines(body)).containsExactly(
                "id:e0", "id:e1", "id:e2", "event:taskcast.done", "data:{\"reason\":\"completed\"}");
    }

    @Test
    void shouldAnswer404WhenNeitherRedisNorTheArchiveHasTheTask() {
        when(reads.findTask("gone")).thenReturn(Optional.empty());

        client.get().uri("/tasks/gone/events").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("TASK_NOT_FOUND");
    }

    /** The id lines and the done frame, leaving out keepalive comments and event payloads. */
    private static List<String> dataLines(String body) {
        return body.lines().map(line -> line.replace(": ", ":").strip())
                .filter(line -> line.startsWith("id:") || line.equals("event:taskcast.done") || line.startsWith("data:{\"reason\""))
                .toList();
    }

    private static WebTestClient client(TaskReads reads) {
        Authenticator authenticator = mock(Authenticator.class);
        when(authenticator.authenticate(any())).thenReturn(Mono.just(AuthContext.ALL));
        TaskStreams streams = new TaskStreams(new LiveListeners(), reads, mock(SubscriberCounts.class),
                Duration.ofSeconds(15), 100);
        StreamRoutes routes = new StreamRoutes(new RequestGuard(authenticator, new Authorizer(false), reads), streams,
                HookDispatcher.none(), Duration.ofSeconds(10));
        return WebTestClient.bindToRouterFunction(routes.routes()).configureClient()
                .responseTimeout(Duration.ofSeconds(10)).build();
    }

    private static TaskEvent event(long index, String type) {
        return new TaskEvent("e" + index, "t", index, index, type, Level.INFO, null, null, null, null, null);
    }

    private static TaskEvent status(long index, String status) {
        return new TaskEvent("e" + index, "t", index, index, TaskEvent.STATUS_TYPE, Level.INFO,
                Json.mapper().readTree("{\"status\":\"" + status + "\"}"), null, null, null, null);
    }

    private static Task task(TaskStatus status) {
        return new Task("t", null, status, null, null, null, null, 0, 0, null, null, null, null, null, null, null, null, null);
    }
}
