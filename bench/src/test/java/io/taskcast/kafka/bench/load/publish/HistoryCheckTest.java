package io.taskcast.kafka.bench.load.publish;

import io.taskcast.kafka.bench.load.publish.HistoryCheck.Entry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryCheckTest {

    private static final Entry STATUS = new Entry(0, "taskcast:status", -1);

    @Test
    void shouldAcceptEveryAcknowledgedEventOnceInAnyOrder() {
        List<Entry> history = List.of(STATUS, event(1, 2), event(2, 0), event(3, 1));

        assertThat(HistoryCheck.problem("t", history, 3)).isEmpty();
    }

    @Test
    void shouldRejectAMissingEvent() {
        List<Entry> history = List.of(STATUS, event(1, 0), event(2, 1));

        assertThat(HistoryCheck.problem("t", history, 3))
                .contains("task t: history has 3 events, expected 1 + 3 acknowledged");
    }

    @Test
    void shouldRejectAnEventTwice() {
        List<Entry> history = List.of(STATUS, event(1, 0), event(2, 0));

        assertThat(HistoryCheck.problem("t", history, 2)).contains("task t: seq 0 twice (again at index 2)");
    }

    @Test
    void shouldRejectAGapInIndexes() {
        List<Entry> history = List.of(STATUS, event(1, 0), event(3, 1));

        assertThat(HistoryCheck.problem("t", history, 2)).contains("task t: index 3 at position 2 (not contiguous)");
    }

    @Test
    void shouldRejectAHistoryNotStartingWithTheStatusEvent() {
        List<Entry> history = List.of(event(0, 0), event(1, 1));

        assertThat(HistoryCheck.problem("t", history, 1)).contains("task t: event 0 is bench.load, not the status event");
    }

    @Test
    void shouldRejectASeqThatWasNeverSent() {
        List<Entry> history = List.of(STATUS, event(1, 0), event(2, 7));

        assertThat(HistoryCheck.problem("t", history, 2))
                .contains("task t: unexpected event at index 2 (type bench.load, seq 7)");
    }

    @Test
    void shouldReportAtMostTheGivenNumberOfProblems() {
        assertThat(HistoryCheck.problems(List.of(Optional.of("a"), Optional.empty(), Optional.of("b"), Optional.of("c")), 2))
                .containsExactly("a", "b");
    }

    private static Entry event(long index, long seq) {
        return new Entry(index, EventBodies.TYPE, seq);
    }
}
