package io.taskcast.kafka.gateway.stream;

import io.taskcast.kafka.platform.redis.TaskHistory;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayTest {

    private static final Task RUNNING = task(TaskStatus.RUNNING);

    @Test
    void shouldNumberMatchingEventsFromTheStartAndKeepOnlyThoseAboveSinceIndex() {
        // given: log, metric, log, log
        TaskHistory history = history(event(0, "log"), event(1, "metric"), event(2, "log"), event(3, "log"));
        StreamQuery query = query("log", null, "1", null, null);

        // when
        Replay replay = Replay.of(query, RUNNING, history);

        // then: the logs are filteredIndex 0, 1, 2; only 2 (raw 3) is above the threshold
        assertThat(replay.events()).containsExactly(new Numbered(history.events().get(3), 2));
        assertThat(replay.nextFilteredIndex()).isEqualTo(3);
        assertThat(replay.lastIndex()).isEqualTo(3);
        assertThat(replay.doneReason()).isNull();
    }

    @Test
    void shouldKeepNumberingAfterSinceIdEvenWhenTheCursorEventIsFilteredOut() {
        TaskHistory history = history(event(0, "log"), event(1, "metric"), event(2, "log"));

        Replay replay = Replay.of(query("log", "e1", null, null, null), RUNNING, history);

        assertThat(replay.events()).containsExactly(new Numbered(history.events().get(2), 1));
    }

    @Test
    void shouldReplayOnlyEventsWithALaterTimestampForSinceTimestamp() {
        TaskHistory history = history(event(0, "log"), event(1, "log"), event(2, "log"));

        Replay replay = Replay.of(query(null, null, null, "1", null), RUNNING, history);

        assertThat(replay.events()).containsExactly(new Numbered(history.events().get(2), 2));
    }

    @Test
    void shouldLetLastEventIdWinOverSinceId() {
        StreamQuery query = StreamQuery.parse(null, null, null, null, null, "e0", "5", null, null, "e1");

        assertThat(query.cursor()).isEqualTo(new StreamQuery.AfterId("e1"));
        assertThat(query.collapses()).isFalse();
    }

    @Test
    void shouldReplayFromTheStartForAnUnknownSinceId() {
        TaskHistory history = history(event(0, "log"), event(1, "log"));

        Replay replay = Replay.of(query(null, "nope", null, null, null), RUNNING, history);

        assertThat(replay.events()).extracting(Numbered::filteredIndex).containsExactly(0L, 1L);
    }

    @Test
    void shouldReplayOnlyTheFirstNMatchingEventsAfterTheCursorForLimitAndGoLiveAfterTheNewest() {
        TaskHistory history = history(event(0, "log"), event(1, "metric"), event(2, "log"), event(3, "log"),
                event(4, "log"));

        Replay fromStart = Replay.of(query("log", null, null, null, "2"), RUNNING, history);
        Replay afterCursor = Replay.of(query("log", null, "0", null, "2"), RUNNING, history);

        assertThat(fromStart.events()).extracting(n -> n.event().index(), Numbered::filteredIndex)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 0L), org.assertj.core.groups.Tuple.tuple(2L, 1L));
        assertThat(afterCursor.events()).extracting(n -> n.event().index(), Numbered::filteredIndex)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, 1L), org.assertj.core.groups.Tuple.tuple(3L, 2L));
        // live numbering goes on after every match in the history, and live starts after its newest event
        assertThat(fromStart.nextFilteredIndex()).isEqualTo(4);
        assertThat(fromStart.lastIndex()).isEqualTo(4);
    }

    @Test
    void shouldCollapseAnAccumulateSeriesIntoOneSnapshotWithoutCursor() {
        // given: chunk1..chunk3, then a log
        TaskEvent c0 = delta(0, "chunk1");
        TaskEvent c1 = delta(1, "chunk2");
        TaskEvent c2 = delta(2, "chunk3");
        TaskEvent state = new TaskEvent("e2", "t", 2, 2, "llm.delta", Level.INFO, json("{\"delta\":\"chunk1chunk2chunk3\"}"),
                "s", SeriesMode.ACCUMULATE, null, null);
        TaskHistory history = new TaskHistory(List.of(c0, c1, c2, event(3, "log")), Map.of("s", state));

        // when
        Replay replay = Replay.of(query(null, null, null, null, null), RUNNING, history);

        // then
        assertThat(replay.events()).hasSize(2);
        assertThat(replay.events().get(0).event().data()).isEqualTo(json("{\"delta\":\"chunk1chunk2chunk3\"}"));
        assertThat(replay.events().get(0).event().seriesSnapshot()).isTrue();
        assertThat(replay.events().get(1)).isEqualTo(new Numbered(history.events().get(3), 1));
        assertThat(replay.lastIndex()).isEqualTo(3);
    }

    @Test
    void shouldEndWithDoneWhenTheHistoryHoldsATerminalStatusEventEvenIfFilteredOut() {
        TaskHistory history = history(event(0, "log"), status(1, "completed"));

        Replay replay = Replay.of(StreamQuery.parse(null, null, "false", null, null, null, null, null, null, null),
                task(TaskStatus.COMPLETED), history);

        assertThat(replay.events()).extracting(n -> n.event().index()).containsExactly(0L);
        assertThat(replay.doneReason()).isEqualTo("completed");
    }

    @Test
    void shouldNumberLiveEventsAfterTheReplayAndSkipReplayedOnes() {
        TaskHistory history = history(event(0, "log"), event(1, "log"));
        StreamQuery query = query("log", null, null, null, null);
        LiveNumbering live = new LiveNumbering(query, Replay.of(query, RUNNING, history));

        EventRecord replayed = EventRecord.plain(event(1, "log"));
        EventRecord hidden = EventRecord.plain(event(2, "metric"));
        EventRecord next = EventRecord.plain(event(3, "log"));

        assertThat(live.isNew(replayed)).isFalse();
        assertThat(live.isNew(hidden)).isTrue();
        assertThat(live.number(hidden)).isEmpty();
        assertThat(live.number(next)).contains(new Numbered(next.event(), 2));
    }

    @Test
    void shouldNotSendALiveEventTwiceWhenItArrivesAgain() {
        StreamQuery query = query(null, null, null, null, null);
        LiveNumbering live = new LiveNumbering(query, Replay.of(query, RUNNING, history(event(0, "log"))));

        List<Boolean> answers = Stream.of(1L, 2L, 1L, 2L, 3L).map(i -> live.isNew(EventRecord.plain(event(i, "log"))))
                .toList();

        assertThat(answers).containsExactly(true, true, false, false, true);
    }

    @Test
    void shouldSendTheRunningTotalLiveForAccumulatedFormat() {
        StreamQuery query = StreamQuery.parse(null, null, null, null, "accumulated", null, null, null, null, null);
        LiveNumbering live = new LiveNumbering(query, Replay.of(query, RUNNING, history()));
        TaskEvent total = new TaskEvent("e1", "t", 1, 1, "llm.delta", Level.INFO, json("{\"delta\":\"ab\"}"),
                "s", SeriesMode.ACCUMULATE, null, null);

        Optional<Numbered> sent = live.number(new EventRecord(delta(1, "b"), total, null));

        assertThat(sent).contains(new Numbered(total, 0));
    }

    @Test
    void shouldRecogniseOnlyTerminalStatusEventsAsDone() {
        assertThat(LiveNumbering.doneReason(EventRecord.plain(status(0, "running")))).isEmpty();
        assertThat(LiveNumbering.doneReason(EventRecord.plain(status(0, "timeout")))).contains("timeout");
        assertThat(LiveNumbering.doneReason(EventRecord.plain(event(0, "log")))).isEmpty();
    }

    private static StreamQuery query(String types, String sinceId, String sinceIndex, String sinceTimestamp, String limit) {
        return StreamQuery.parse(types, null, null, null, null, sinceId, sinceIndex, sinceTimestamp, limit, null);
    }

    private static TaskHistory history(TaskEvent... events) {
        return new TaskHistory(List.of(events), Map.of());
    }

    private static TaskEvent event(long index, String type) {
        return new TaskEvent("e" + index, "t", index, index, type, Level.INFO, null, null, null, null, null);
    }

    private static TaskEvent status(long index, String status) {
        return new TaskEvent("e" + index, "t", index, index, TaskEvent.STATUS_TYPE, Level.INFO,
                json("{\"status\":\"" + status + "\"}"), null, null, null, null);
    }

    private static TaskEvent delta(long index, String text) {
        return new TaskEvent("e" + index, "t", index, index, "llm.delta", Level.INFO, json("{\"delta\":\"" + text + "\"}"),
                "s", SeriesMode.ACCUMULATE, null, null);
    }

    private static Task task(TaskStatus status) {
        return new Task("t", null, status, null, null, null, null, 0, 0, null, null, null, null, null, null, null, null, null);
    }

    private static JsonNode json(String text) {
        return Json.mapper().readTree(text);
    }
}
