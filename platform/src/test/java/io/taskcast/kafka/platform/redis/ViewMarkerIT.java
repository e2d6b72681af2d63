package io.taskcast.kafka.platform.redis;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Guarded views against a real Redis: once the view marker is gone with the data (Redis restarted
 * empty, FLUSHALL — here the keys are deleted, to spare other tests' data), no read answers from
 * what is left and every write reports the loss; and a rebuild marks the view whole only if its
 * claim survived, that is, if the view was not lost again meanwhile.
 */
@ExtendWith(EmbeddedStackExtension.class)
class ViewMarkerIT {

    private static RedisClient redis;

    @BeforeAll
    static void connect(EmbeddedStack stack) {
        redis = RedisConnections.open(stack.redisUrl());
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @Test
    void shouldRefuseEveryReadAndReportEveryWriteOnceTheViewIsLost() {
        // given: a built view holding a task with an event
        ViewMarker marker = new ViewMarker(redis, "marker-it-" + UUID.randomUUID());
        RedisTaskViews views = new RedisTaskViews(redis, null, marker.key());
        assertThat(marker.claim("me", Duration.ofSeconds(30))).isTrue();
        assertThat(marker.markBuilt("me", "test")).isTrue();
        Task task = Task.created("task-" + UUID.randomUUID(), "llm", Json.mapper().createObjectNode(), null, null, null,
                null, null, List.of(), 1_700_000_000_000L);
        TaskEvent first = event(task, 0);
        views.apply(task, List.of(EventRecord.plain(first)));
        assertThat(views.findTask(task.id())).contains(task);

        // when: the view is lost
        redis.del(marker.key(), RedisKeys.task(task.id()), RedisKeys.events(task.id()), RedisKeys.series(task.id()));

        // then: reads say so instead of answering "no such task" or an empty history
        assertViewLost(() -> views.findTask(task.id()), marker);
        assertViewLost(() -> views.history(task.id()), marker);
        assertViewLost(() -> views.historyFrom(task.id(), 0), marker);
        assertViewLost(() -> views.seriesStates(task.id()), marker);
        assertViewLost(() -> views.historyWithSeriesStates(task.id()), marker);
        assertViewLost(views::listTasks, marker);
        // and writes report it, so the processor does not commit a change the view lacks
        assertViewLost(() -> views.apply(task, List.of(EventRecord.plain(event(task, 1)))), marker);
        assertViewLost(() -> views.cleanUp(TaskCleanup.of(task, List.of())), marker);
        // while unguarded views (the rebuild's) still read and write
        assertThat(views.unguarded().history(task.id())).extracting(TaskEvent::index).containsExactly(1L);
    }

    @Test
    void shouldMarkTheViewBuiltOnlyWhenTheRebuildClaimSurvived() {
        String prefix = "marker-it-" + UUID.randomUUID();
        ViewMarker marker = new ViewMarker(redis, prefix);
        assertThat(marker.claim("first", Duration.ofSeconds(30))).isTrue();
        assertThat(marker.claim("second", Duration.ofSeconds(30))).as("claimed twice").isFalse();

        // the view is lost again during the rebuild: the claim goes with it
        redis.del(RedisKeys.viewRebuild(prefix));
        assertThat(marker.extend("first", Duration.ofSeconds(30))).isFalse();
        assertThat(marker.markBuilt("first", "test")).isFalse();
        assertThat(marker.present()).isFalse();

        assertThat(marker.claim("second", Duration.ofSeconds(30))).isTrue();
        assertThat(marker.extend("second", Duration.ofSeconds(30))).isTrue();
        assertThat(marker.markBuilt("second", "test")).isTrue();
        assertThat(marker.present()).isTrue();
        assertThat(marker.claim("third", Duration.ofSeconds(30))).as("claim released").isTrue();
    }

    private static void assertViewLost(ThrowingCallable call, ViewMarker marker) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RedisUnavailableException.class, e -> {
            assertThat(e.viewLost()).isTrue();
            assertThat(e.getMessage()).contains(marker.key()).contains("rebuilding it from the Kafka log");
        });
    }

    private static TaskEvent event(Task task, long index) {
        return new TaskEvent("evt-" + task.id() + "-" + index, task.id(), index, 1_700_000_000_000L + index, "log",
                Level.INFO, Json.mapper().createObjectNode().put("n", (int) index), null, null, null, null);
    }
}
