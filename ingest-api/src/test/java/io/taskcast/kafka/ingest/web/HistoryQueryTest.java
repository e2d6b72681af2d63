package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.platform.web.ApiException;
import io.taskcast.kafka.platform.redis.TaskHistory;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.TaskEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static io.taskcast.kafka.ingest.web.Events.T0;
import static io.taskcast.kafka.ingest.web.Events.delta;
import static io.taskcast.kafka.ingest.web.Events.plain;
import static io.taskcast.kafka.ingest.web.Events.snapshot;
import static io.taskcast.kafka.ingest.web.Events.state;
import static io.taskcast.kafka.ingest.web.Events.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The history query of api.md §5: cursor precedence, limit, seriesFormat and filters, on a fixed history. */
class HistoryQueryTest {

    // index 3 was replaced by a latest-series event, so it is absent: gaps are normal.
    private static final TaskEvent E0 = status(0, "running");
    private static final TaskEvent E1 = delta(1, "chunk1");
    private static final TaskEvent E2 = plain(2, "tool.call", Level.DEBUG);
    private static final TaskEvent E4 = delta(4, "chunk2");
    private static final TaskEvent E5 = plain(5, "llm.usage", Level.WARN);
    private static final TaskEvent E6 = status(6, "completed");
    private static final TaskEvent STATE = state(E4, "chunk1chunk2");
    private static final TaskHistory HISTORY = new TaskHistory(List.of(E0, E1, E2, E4, E5, E6), Map.of("answer", STATE));

    @Test
    void shouldReturnTheWholeHistoryAsStoredWithoutParameters() {
        assertThat(select(query(null, null, null, null, null, null, null))).containsExactly(E0, E1, E2, E4, E5, E6);
    }

    @Test
    void shouldReturnEventsAfterTheRawIndexAcrossGaps() {
        assertThat(select(query(null, "1", null, null, null, null, null))).containsExactly(E2, E4, E5, E6);
        assertThat(select(query(null, "3", null, null, null, null, null))).containsExactly(E4, E5, E6);
        assertThat(select(query(null, "-1", null, null, null, null, null))).hasSize(6);
        assertThat(select(query(null, "6", null, null, null, null, null))).isEmpty();
    }

    @Test
    void shouldReadFromTheIndexAfterTheCursorOnly() {
        assertThat(query(null, "1", null, null, null, null, null).cursor().readFromIndex()).isEqualTo(2);
        assertThat(query(null, "-5", null, null, null, null, null).cursor().readFromIndex()).isZero();
        assertThat(query(null, String.valueOf(Long.MAX_VALUE), null, null, null, null, null).cursor().readFromIndex())
                .isEqualTo(Long.MAX_VALUE);
        assertThat(query("evt-4", null, null, null, null, null, null).cursor().readFromIndex()).isZero();
        assertThat(query(null, null, String.valueOf(T0), null, null, null, null).cursor().readFromIndex()).isZero();
    }

    @Test
    void shouldReturnEventsAfterTheIdOrEverythingForAnUnknownId() {
        assertThat(select(query("evt-2", null, null, null, null, null, null))).containsExactly(E4, E5, E6);
        assertThat(select(query("evt-6", null, null, null, null, null, null))).isEmpty();
        assertThat(select(query("evt-3", null, null, null, null, null, null))).containsExactly(E0, E1, E2, E4, E5, E6);
    }

    @Test
    void shouldReturnEventsWithAStrictlyLaterTimestamp() {
        assertThat(select(query(null, null, String.valueOf(E2.timestamp()), null, null, null, null)))
                .containsExactly(E4, E5, E6);
        assertThat(select(query(null, null, String.valueOf(E2.timestamp() - 1), null, null, null, null)))
                .containsExactly(E2, E4, E5, E6);
    }

    @Test
    void shouldPreferIdOverIndexOverTimestamp() {
        assertThat(select(query("evt-4", "0", String.valueOf(T0), null, null, null, null))).containsExactly(E5, E6);
        assertThat(select(query(null, "4", String.valueOf(T0), null, null, null, null))).containsExactly(E5, E6);
    }

    @Test
    void shouldLimitToTheFirstEventsAfterTheCursor() {
        assertThat(select(query(null, "1", null, "2", null, null, null))).containsExactly(E2, E4);
        assertThat(select(query(null, null, null, "100", null, null, null))).hasSize(6);
    }

    @Test
    void shouldCollapseAccumulateSeriesWithoutACursor() {
        HistoryQuery accumulated = query(null, null, null, null, "accumulated", null, null);

        assertThat(accumulated.collapses()).isTrue();
        assertThat(select(accumulated)).containsExactly(E0, snapshot(STATE), E2, E5, E6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"delta", "full", "Accumulated", ""})
    void shouldReadAnySeriesFormatButAccumulatedAsDeltaLikeTaskcast(String seriesFormat) {
        HistoryQuery query = query(null, null, null, null, seriesFormat, null, null);

        assertThat(query.collapses()).isFalse();
        assertThat(select(query)).hasSize(6);
    }

    @Test
    void shouldReturnDeltasWithACursorEvenWhenAccumulatedIsAsked() {
        HistoryQuery resumed = query(null, "0", null, null, "accumulated", null, null);

        assertThat(resumed.collapses()).isFalse();
        assertThat(select(resumed)).containsExactly(E1, E2, E4, E5, E6);
        assertThat(query(null, null, null, null, "delta", null, null).collapses()).isFalse();
    }

    @Test
    void shouldFilterByTypesAndLevels() {
        assertThat(select(query(null, null, null, null, null, "llm.*", null))).containsExactly(E1, E4, E5);
        assertThat(select(query(null, null, null, null, null, null, "debug,warn"))).containsExactly(E2, E5);
        assertThat(select(query(null, null, null, null, null, "llm.*", "warn"))).containsExactly(E5);
        assertThat(select(query(null, null, null, null, null, "", null))).isEmpty();
    }

    @Test
    void shouldCollapseBeforeFilteringAndCountTheLimitInMatchingEvents() {
        assertThat(select(query(null, null, null, "2", "accumulated", "llm.*", null)))
                .containsExactly(snapshot(STATE), E5);
        assertThat(select(query(null, null, null, "1", null, "tool.*,llm.usage", null))).containsExactly(E2);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "since.index | abc | since.index must be an integer, got 'abc'",
            "since.index | 1.5 | since.index must be an integer, got '1.5'",
            "since.timestamp | yesterday | since.timestamp must be an integer, got 'yesterday'",
            "limit | 0 | limit must be a positive integer, got '0'",
            "limit | -3 | limit must be a positive integer, got '-3'",
            "limit | ten | limit must be a positive integer, got 'ten'",
            "limit | 99999999999 | limit must be a positive integer, got '99999999999'",
            "levels | loud | levels: unknown level 'loud' (expected one of debug, info, warn, error)",
            "since.id | '' | since.id must not be empty",
    })
    void shouldRejectABadParameterNamingIt(String parameter, String value, String message) {
        assertThatThrownBy(() -> queryWith(parameter, value))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("INVALID_QUERY");
                })
                .hasMessage(message);
    }

    @Test
    void shouldRejectABadParameterEvenWhenAHigherCursorWins() {
        assertThatThrownBy(() -> query("evt-1", "x", null, null, null, null, null))
                .hasMessageContaining("since.index");
    }

    private static List<TaskEvent> select(HistoryQuery query) {
        return query.select(HISTORY);
    }

    private static HistoryQuery query(String sinceId, String sinceIndex, String sinceTimestamp, String limit,
                                      String seriesFormat, String types, String levels) {
        return HistoryQuery.parse(sinceId, sinceIndex, sinceTimestamp, limit, seriesFormat, types, levels);
    }

    private static HistoryQuery queryWith(String parameter, String value) {
        return switch (parameter) {
            case "since.id" -> query(value, null, null, null, null, null, null);
            case "since.index" -> query(null, value, null, null, null, null, null);
            case "since.timestamp" -> query(null, null, value, null, null, null, null);
            case "limit" -> query(null, null, null, value, null, null, null);
            case "seriesFormat" -> query(null, null, null, null, value, null, null);
            case "levels" -> query(null, null, null, null, null, null, value);
            default -> throw new IllegalArgumentException(parameter);
        };
    }
}
