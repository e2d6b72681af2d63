package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.platform.web.ApiException;
import io.taskcast.kafka.platform.redis.TaskHistory;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.filter.EventFilter;
import io.taskcast.kafka.schemas.filter.SeriesCollapse;

import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code GET /tasks/{id}/events/history} asked for (api.md §5), and the pure selection of
 * the answer from a task's history: cursor, then late-join collapse, then filter, then limit.
 *
 * @param limit       at most this many events (the first ones after the cursor); null = all
 * @param accumulated {@code seriesFormat=accumulated}: collapse accumulate series, but only
 *                    without a cursor, as api.md §3 says "with any since.* nothing is collapsed"
 *                    (a resuming client wants the deltas it missed, not a total it already has part of)
 */
record HistoryQuery(HistoryCursor cursor, Integer limit, boolean accumulated, EventFilter filter) {

    /**
     * Reads the raw query parameters (null when absent). Every present parameter is checked, even
     * one that a cursor of higher precedence makes irrelevant.
     *
     * @throws ApiException 400 {@code INVALID_QUERY} naming the parameter
     */
    static HistoryQuery parse(String sinceId, String sinceIndex, String sinceTimestamp, String limit,
                              String seriesFormat, String types, String levels) {
        String id = QueryParams.nonEmpty("since.id", sinceId);
        Long index = QueryParams.integer("since.index", sinceIndex);
        Long timestamp = QueryParams.integer("since.timestamp", sinceTimestamp);
        HistoryCursor cursor = id != null ? new HistoryCursor.AfterId(id)
                : index != null ? new HistoryCursor.AfterIndex(index)
                : timestamp != null ? new HistoryCursor.AfterTimestamp(timestamp)
                : new HistoryCursor.FromStart();
        return new HistoryQuery(cursor, QueryParams.positiveInt("limit", limit),
                SeriesCollapse.accumulatedFormat(seriesFormat), filter(types, levels));
    }

    /** Whether the answer needs the series states besides the history. */
    boolean collapses() {
        return accumulated && cursor instanceof HistoryCursor.FromStart;
    }

    List<TaskEvent> select(TaskHistory history) {
        List<TaskEvent> afterCursor = cursor.after(history.events());
        List<TaskEvent> shown = collapses() ? SeriesCollapse.collapse(afterCursor, history.seriesStates()) : afterCursor;
        Stream<TaskEvent> matching = shown.stream().filter(filter::matches);
        return (limit == null ? matching : matching.limit(limit)).toList();
    }


    /** History takes {@code types} and {@code levels}; {@code includeStatus} belongs to SSE and webhooks. */
    private static EventFilter filter(String types, String levels) {
        try {
            return EventFilter.fromQuery(types, levels, null);
        } catch (IllegalArgumentException e) {
            throw QueryParams.invalid(e.getMessage());
        }
    }
}
