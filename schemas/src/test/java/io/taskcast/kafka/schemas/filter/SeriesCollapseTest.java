package io.taskcast.kafka.schemas.filter;

import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Late-join collapse of api.md §3. */
class SeriesCollapseTest {

    private static final String TASK = "task-1";

    @Test
    void shouldShowFiveChunksAsOneSnapshotOfTheLatestState() {
        List<TaskEvent> deltas = List.of(delta(0, "answer", "chunk1"), delta(1, "answer", "chunk2"),
                delta(2, "answer", "chunk3"), delta(3, "answer", "chunk4"), delta(4, "answer", "chunk5"));
        TaskEvent state = state(deltas.get(4), "chunk1chunk2chunk3chunk4chunk5");

        List<TaskEvent> shown = SeriesCollapse.collapse(deltas, Map.of("answer", state));

        assertThat(shown).containsExactly(snapshotOf(state));
        TaskEvent snapshot = shown.get(0);
        assertThat(Json.toString(snapshot.data())).isEqualTo("{\"delta\":\"chunk1chunk2chunk3chunk4chunk5\"}");
        assertThat(snapshot.id()).isEqualTo("evt-4");
        assertThat(snapshot.index()).isEqualTo(4);
        assertThat(snapshot.seriesSnapshot()).isTrue();
    }

    @Test
    void shouldPlaceEachSnapshotWhereItsSeriesBeganAndKeepOtherEvents() {
        TaskEvent status = plain(0, "taskcast:status");
        TaskEvent a1 = delta(1, "a", "x"), b1 = delta(2, "b", "p"), log = plain(3, "log");
        TaskEvent a2 = delta(4, "a", "y"), b2 = delta(5, "b", "q"), done = plain(6, "taskcast:status");
        TaskEvent stateA = state(a2, "xy"), stateB = state(b2, "pq");

        List<TaskEvent> shown = SeriesCollapse.collapse(List.of(status, a1, b1, log, a2, b2, done),
                Map.of("a", stateA, "b", stateB));

        assertThat(shown).containsExactly(status, snapshotOf(stateA), snapshotOf(stateB), log, done);
    }

    @Test
    void shouldLeaveKeepAllAndLatestSeriesAndSeriesWithoutModeUnchanged() {
        TaskEvent keepAll = series(0, "k", SeriesMode.KEEP_ALL), latest = series(1, "l", SeriesMode.LATEST);
        TaskEvent noMode = series(2, "a", null);
        TaskEvent accumulateWithoutSeries = new TaskEvent("evt-3", TASK, 3, 3, "llm.delta", Level.INFO,
                Json.mapper().createObjectNode().put("delta", "z"), null, SeriesMode.ACCUMULATE, null, null);
        List<TaskEvent> events = List.of(keepAll, latest, noMode, accumulateWithoutSeries);

        assertThat(SeriesCollapse.collapse(events, Map.of("k", keepAll, "l", latest, "a", noMode)))
                .containsExactlyElementsOf(events);
    }

    @Test
    void shouldKeepEveryEventOfASeriesWhoseStateIsUnknown() {
        List<TaskEvent> deltas = List.of(delta(0, "answer", "a"), delta(1, "answer", "b"));

        assertThat(SeriesCollapse.collapse(deltas, Map.of())).containsExactlyElementsOf(deltas);
    }

    @Test
    void shouldReturnNothingForNoEvents() {
        assertThat(SeriesCollapse.collapse(List.of(), Map.of("answer", delta(0, "answer", "a")))).isEmpty();
    }

    @Test
    void shouldShowTheStoredStateEvenWhenItIsAheadOfTheEvents() {
        // The state is read after the history, so it may already include a delta the history did not.
        TaskEvent first = delta(0, "answer", "a");
        TaskEvent newer = state(delta(1, "answer", "b"), "ab");

        assertThat(SeriesCollapse.collapse(List.of(first), Map.of("answer", newer))).containsExactly(snapshotOf(newer));
    }

    private static TaskEvent delta(long index, String seriesId, String text) {
        return new TaskEvent("evt-" + index, TASK, index, 1_700_000_000_000L + index, "llm.delta", Level.INFO,
                Json.mapper().createObjectNode().put("delta", text), seriesId, SeriesMode.ACCUMULATE, null, null);
    }

    private static TaskEvent state(TaskEvent latest, String text) {
        return new TaskEvent(latest.id(), latest.taskId(), latest.index(), latest.timestamp(), latest.type(),
                latest.level(), Json.mapper().createObjectNode().put("delta", text), latest.seriesId(),
                latest.seriesMode(), latest.seriesAccField(), null);
    }

    private static TaskEvent snapshotOf(TaskEvent state) {
        return new TaskEvent(state.id(), state.taskId(), state.index(), state.timestamp(), state.type(), state.level(),
                state.data(), state.seriesId(), state.seriesMode(), state.seriesAccField(), true);
    }

    private static TaskEvent plain(long index, String type) {
        return new TaskEvent("evt-" + index, TASK, index, 1_700_000_000_000L + index, type, Level.INFO, null,
                null, null, null, null);
    }

    private static TaskEvent series(long index, String seriesId, SeriesMode mode) {
        return new TaskEvent("evt-" + index, TASK, index, 1_700_000_000_000L + index, "progress", Level.INFO,
                Json.mapper().createObjectNode().put("delta", "v" + index), seriesId, mode, null, null);
    }
}
