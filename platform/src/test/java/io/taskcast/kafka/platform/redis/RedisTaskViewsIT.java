package io.taskcast.kafka.platform.redis;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.Tuple;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The short-term view against a real Redis: what {@code apply} writes, how it repeats, and what reads return. */
@ExtendWith(EmbeddedStackExtension.class)
class RedisTaskViewsIT {

    private static final Duration RETENTION = Duration.ofHours(1);

    private static RedisClient redis;
    private static RedisTaskViews views;
    private static RedisTaskViews retainingViews;

    @BeforeAll
    static void connect(EmbeddedStack stack) {
        redis = RedisConnections.open(stack.redisUrl());
        views = new RedisTaskViews(redis, null);
        retainingViews = new RedisTaskViews(redis, RETENTION);
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @Test
    void shouldWriteTheTaskAndItsEventsInIndexOrder() {
        Task task = task(TaskStatus.RUNNING);
        TaskEvent e0 = event(task, 0, null, null), e1 = event(task, 1, null, null), e2 = event(task, 2, null, null);

        views.apply(task, List.of(plain(e0), plain(e1)));
        views.apply(task, List.of(plain(e2)));

        assertThat(views.findTask(task.id())).contains(task);
        assertThat(views.history(task.id())).containsExactly(e0, e1, e2);
        assertThat(redis.zscore(RedisKeys.taskIndex(), task.id())).isEqualTo((double) task.createdAt());
    }

    @Test
    void shouldReplaceTheEarlierEventOfALatestSeries() {
        Task task = task(TaskStatus.RUNNING);
        TaskEvent first = event(task, 0, "progress", SeriesMode.LATEST);
        TaskEvent other = event(task, 1, null, null);
        TaskEvent second = event(task, 2, "progress", SeriesMode.LATEST);
        TaskEvent third = event(task, 3, "progress", SeriesMode.LATEST);

        views.apply(task, List.of(plain(first), plain(other)));
        // The next replacement arrives in the same batch as the event it replaces.
        views.apply(task, List.of(replacing(second, 0), replacing(third, 2)));

        assertThat(views.history(task.id())).containsExactly(other, third);
    }

    @Test
    void shouldKeepEveryDeltaAndTheStateOfAnAccumulateSeries() {
        Task task = task(TaskStatus.RUNNING);
        TaskEvent chunk1 = delta(task, 0, "chunk1"), chunk2 = delta(task, 1, "chunk2");
        TaskEvent state1 = accumulated(chunk1, "chunk1"), state2 = accumulated(chunk2, "chunk1chunk2");

        views.apply(task, List.of(new EventRecord(chunk1, state1, null)));
        views.apply(task, List.of(new EventRecord(chunk2, state2, null)));

        assertThat(views.history(task.id())).containsExactly(chunk1, chunk2);
        assertThat(views.seriesStates(task.id())).isEqualTo(Map.of("llm", state2));
    }

    @Test
    void shouldLeaveRedisUnchangedWhenTheSameBatchIsAppliedTwice() {
        Task task = task(TaskStatus.RUNNING);
        List<EventRecord> batch = mixedBatch(task, 0);

        views.apply(task, batch);
        Snapshot once = snapshot(task.id());
        views.apply(task, batch);

        assertThat(snapshot(task.id())).isEqualTo(once);
        assertThat(once.events()).hasSize(3);
    }

    @Test
    void shouldLeaveRedisUnchangedWhenAWholeSequenceIsAppliedTwiceInOrder() {
        Task running = task(TaskStatus.RUNNING);
        Task completed = withStatus(running, TaskStatus.COMPLETED);
        List<EventRecord> first = mixedBatch(running, 0);
        List<EventRecord> second = List.of(replacing(event(running, 4, "progress", SeriesMode.LATEST), 3),
                new EventRecord(delta(running, 5, "c"), accumulated(delta(running, 5, "c"), "abc"), null));
        List<EventRecord> last = List.of(plain(event(running, 6, TaskEvent.STATUS_TYPE, null, null)));

        applyAll(running, first, running, second, completed, last);
        Snapshot once = snapshot(running.id());
        applyAll(running, first, running, second, completed, last);

        assertThat(snapshot(running.id())).isEqualTo(once);
        assertThat(once.series()).containsOnlyKeys("llm");
    }

    @Test
    void shouldExpireEveryKeyOfATerminalTaskAfterTheRetention() {
        Task task = withStatus(task(TaskStatus.RUNNING), TaskStatus.COMPLETED);

        retainingViews.apply(task, mixedBatch(task, 0));

        for (String key : taskKeys(task.id())) {
            assertThat(redis.pttl(key)).as(key).isPositive().isLessThanOrEqualTo(RETENTION.toMillis());
        }
        assertThat(redis.pttl(RedisKeys.taskIndex())).isEqualTo(-1);
    }

    @Test
    void shouldKeepANonTerminalTaskForever() {
        Task task = task(TaskStatus.RUNNING);

        retainingViews.apply(task, mixedBatch(task, 0));

        for (String key : taskKeys(task.id())) {
            assertThat(redis.pttl(key)).as(key).isEqualTo(-1);
        }
    }

    @Test
    void shouldKeepATerminalTaskForeverWithoutARetention() {
        Task task = withStatus(task(TaskStatus.RUNNING), TaskStatus.FAILED);

        views.apply(task, mixedBatch(task, 0));

        for (String key : taskKeys(task.id())) {
            assertThat(redis.pttl(key)).as(key).isEqualTo(-1);
        }
    }

    @Test
    void shouldReadTheHistoryFromAnIndexAcrossReplacedIndexes() {
        Task task = task(TaskStatus.RUNNING);
        TaskEvent e0 = event(task, 0, null, null);
        TaskEvent replaced = event(task, 1, "progress", SeriesMode.LATEST);
        TaskEvent e2 = event(task, 2, null, null);
        TaskEvent latest = event(task, 3, "progress", SeriesMode.LATEST);
        views.apply(task, List.of(plain(e0), plain(replaced), plain(e2), replacing(latest, 1)));

        assertThat(views.historyFrom(task.id(), 1)).containsExactly(e2, latest);
        assertThat(views.historyFrom(task.id(), 3)).containsExactly(latest);
        assertThat(views.historyFrom(task.id(), 0)).containsExactly(e0, e2, latest);
        assertThat(views.historyFrom(task.id(), 4)).isEmpty();
    }

    @Test
    void shouldFindNothingForAnUnknownTask() {
        String taskId = "unknown-" + UUID.randomUUID();

        assertThat(views.findTask(taskId)).isEmpty();
        assertThat(views.history(taskId)).isEmpty();
        assertThat(views.seriesStates(taskId)).isEmpty();
    }

    @Test
    void shouldReadTheHistoryTogetherWithTheSeriesStates() {
        Task task = task(TaskStatus.RUNNING);
        TaskEvent chunk1 = delta(task, 0, "chunk1"), other = event(task, 1, null, null), chunk2 = delta(task, 2, "chunk2");
        TaskEvent state2 = accumulated(chunk2, "chunk1chunk2");
        views.apply(task, List.of(new EventRecord(chunk1, accumulated(chunk1, "chunk1"), null), plain(other),
                new EventRecord(chunk2, state2, null)));

        TaskHistory read = views.historyWithSeriesStates(task.id());

        assertThat(read).isEqualTo(new TaskHistory(List.of(chunk1, other, chunk2), Map.of("llm", state2)));
        assertThat(views.historyWithSeriesStates("unknown-" + UUID.randomUUID()))
                .isEqualTo(new TaskHistory(List.of(), Map.of()));
    }

    @Test
    void shouldListTasksOldestFirstSkippingThoseWhoseKeyIsGone() {
        Task newer = createdAt(task(TaskStatus.RUNNING), 2_000);
        Task older = createdAt(task(TaskStatus.PENDING), 1_000);
        Task gone = createdAt(task(TaskStatus.COMPLETED), 1_500);
        views.apply(newer, List.of());
        views.apply(older, List.of());
        views.apply(gone, List.of());
        redis.del(RedisKeys.task(gone.id()));

        List<Task> listed = views.listTasks();

        assertThat(listed).containsSubsequence(older, newer).doesNotContain(gone);
        assertThat(listed).extracting(Task::id).doesNotContain(gone.id());
    }

    @Test
    void shouldWriteABatchOfChangesAsTheyWouldBeWrittenOneByOne() {
        Task a = task(TaskStatus.RUNNING), b = task(TaskStatus.RUNNING);
        Task aDone = withStatus(a, TaskStatus.COMPLETED);
        List<EventRecord> aFirst = mixedBatch(a, 0), bFirst = mixedBatch(b, 0), aSecond = mixedBatch(a, 4);
        Task oneByOne = task(TaskStatus.RUNNING), oneByOneDone = withStatus(oneByOne, TaskStatus.COMPLETED);

        retainingViews.applyAll(List.of(new ViewChange(a, aFirst), new ViewChange(b, bFirst), new ViewChange(aDone, aSecond)));
        retainingViews.apply(oneByOne, mixedBatch(oneByOne, 0));
        retainingViews.apply(oneByOneDone, mixedBatch(oneByOne, 4));

        assertThat(views.findTask(a.id())).contains(aDone);
        assertThat(views.findTask(b.id())).contains(b);
        assertThat(views.historyWithSeriesStates(a.id()).events()).extracting(TaskEvent::index)
                .isEqualTo(views.historyWithSeriesStates(oneByOne.id()).events().stream().map(TaskEvent::index).toList())
                .containsExactly(1L, 2L, 3L, 5L, 6L, 7L);
        assertThat(views.seriesStates(a.id()).keySet()).isEqualTo(views.seriesStates(oneByOne.id()).keySet()).isNotEmpty();
        // The last change made the task terminal: its keys expire as if that change came alone.
        assertThat(redis.pttl(RedisKeys.task(a.id()))).isPositive();
        assertThat(redis.pttl(RedisKeys.events(a.id()))).isPositive();
        assertThat(redis.pttl(RedisKeys.task(b.id()))).isEqualTo(-1L);
        assertThat(redis.zscore(RedisKeys.taskIndex(), a.id())).isEqualTo((double) a.createdAt());
        assertThat(redis.zscore(RedisKeys.taskIndex(), b.id())).isEqualTo((double) b.createdAt());
    }

    // --- fixtures -----------------------------------------------------------------------------

    /** Events {@code from}..{@code from+3}: a latest event, an accumulate delta, then the latest event that replaces the first. */
    private static List<EventRecord> mixedBatch(Task task, long from) {
        TaskEvent delta = delta(task, from + 1, "ab");
        return List.of(plain(event(task, from, "progress", SeriesMode.LATEST)),
                new EventRecord(delta, accumulated(delta, "ab"), null),
                plain(event(task, from + 2, null, null)),
                replacing(event(task, from + 3, "progress", SeriesMode.LATEST), from));
    }

    private static void applyAll(Task t1, List<EventRecord> b1, Task t2, List<EventRecord> b2, Task t3, List<EventRecord> b3) {
        views.apply(t1, b1);
        views.apply(t2, b2);
        views.apply(t3, b3);
    }

    private static Task task(TaskStatus status) {
        Task created = Task.created("task-" + UUID.randomUUID(), "llm", Json.mapper().createObjectNode().put("prompt", "hi"),
                null, null, null, null, null, List.of("t"), 1_700_000_000_000L);
        return withStatus(created, status);
    }

    private static Task createdAt(Task t, long createdAt) {
        return new Task(t.id(), t.type(), t.status(), t.params(), t.result(), t.error(), t.metadata(), createdAt,
                createdAt, t.completedAt(), t.ttl(), t.authConfig(), t.webhooks(), t.cleanup(), t.tags(), t.reason(),
                t.resumeAt(), t.blockedRequest());
    }

    private static Task withStatus(Task t, TaskStatus status) {
        long now = t.updatedAt() + 1000;
        return new Task(t.id(), t.type(), status, t.params(), t.result(), t.error(), t.metadata(), t.createdAt(), now,
                status.isTerminal() ? now : null, t.ttl(), t.authConfig(), t.webhooks(), t.cleanup(), t.tags(), t.reason(),
                t.resumeAt(), t.blockedRequest());
    }

    private static TaskEvent event(Task task, long index, String seriesId, SeriesMode mode) {
        return event(task, index, "progress", seriesId, mode);
    }

    private static TaskEvent event(Task task, long index, String type, String seriesId, SeriesMode mode) {
        // An int, as JSON reads small numbers back: a LongNode would not equal the parsed IntNode.
        return new TaskEvent("evt-" + task.id() + "-" + index, task.id(), index, 1_700_000_000_000L + index, type,
                Level.INFO, Json.mapper().createObjectNode().put("n", (int) index), seriesId, mode, null, null);
    }

    private static TaskEvent delta(Task task, long index, String text) {
        return new TaskEvent("evt-" + task.id() + "-" + index, task.id(), index, 1_700_000_000_000L + index, "llm.delta",
                Level.INFO, Json.mapper().createObjectNode().put("delta", text), "llm", SeriesMode.ACCUMULATE, null, null);
    }

    private static TaskEvent accumulated(TaskEvent delta, String text) {
        return new TaskEvent(delta.id(), delta.taskId(), delta.index(), delta.timestamp(), delta.type(), delta.level(),
                Json.mapper().createObjectNode().put("delta", text), delta.seriesId(), delta.seriesMode(), null, null);
    }

    private static EventRecord plain(TaskEvent event) {
        return EventRecord.plain(event);
    }

    private static EventRecord replacing(TaskEvent event, long replacedIndex) {
        return new EventRecord(event, null, replacedIndex);
    }

    private static List<String> taskKeys(String taskId) {
        return List.of(RedisKeys.task(taskId), RedisKeys.events(taskId), RedisKeys.series(taskId));
    }

    /** The full stored content of a task's keys, as Redis returns it. */
    private record Snapshot(String task, List<Tuple> events, Map<String, String> series, Double indexScore) {
    }

    private static Snapshot snapshot(String taskId) {
        return new Snapshot(redis.get(RedisKeys.task(taskId)), redis.zrangeWithScores(RedisKeys.events(taskId), 0, -1),
                redis.hgetAll(RedisKeys.series(taskId)), redis.zscore(RedisKeys.taskIndex(), taskId));
    }
}
