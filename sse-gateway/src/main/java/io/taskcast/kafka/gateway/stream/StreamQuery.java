package io.taskcast.kafka.gateway.stream;

import io.taskcast.kafka.platform.web.ApiException;
import io.taskcast.kafka.schemas.filter.EventFilter;
import io.taskcast.kafka.schemas.filter.SeriesCollapse;

/**
 * What one {@code GET /tasks/{id}/events} asked for (api.md §6).
 *
 * @param filter      types, levels, includeStatus
 * @param wrap        envelope (true) or the bare event
 * @param accumulated {@code seriesFormat=accumulated}: live accumulate events as running totals
 * @param cursor      where the replay starts
 * @param limit       replay only the first N matching history events after the cursor; null = all
 */
public record StreamQuery(EventFilter filter, boolean wrap, boolean accumulated, Cursor cursor, Integer limit) {

    /** Where a replay starts; without any {@code since.*} the history is collapsed (api.md §3). */
    public sealed interface Cursor {
    }

    public record FromStart() implements Cursor {
    }

    /** After this event id; an id not in the history means from the start. */
    public record AfterId(String eventId) implements Cursor {
    }

    /** Events whose filteredIndex is greater than this. */
    public record AfterFilteredIndex(long filteredIndex) implements Cursor {
    }

    /** Events with a strictly later timestamp. */
    public record AfterTimestamp(long timestamp) implements Cursor {
    }

    /**
     * Reads the raw parameters (null when absent). {@code Last-Event-ID} wins over {@code since.id}
     * (a browser reconnecting repeats the original URL), then since.id > since.index > since.timestamp.
     *
     * @throws ApiException 400 {@code INVALID_QUERY}, naming the bad parameter
     */
    public static StreamQuery parse(String types, String levels, String includeStatus, String wrap, String seriesFormat,
                                    String sinceId, String sinceIndex, String sinceTimestamp, String limit,
                                    String lastEventId) {
        EventFilter filter;
        try {
            filter = EventFilter.fromQuery(types, levels, includeStatus);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidQuery(e.getMessage());
        }
        String id = lastEventId != null && !lastEventId.isBlank() ? lastEventId.trim() : nonEmpty("since.id", sinceId);
        Long index = integer("since.index", sinceIndex);
        Long timestamp = integer("since.timestamp", sinceTimestamp);
        Cursor cursor = id != null ? new AfterId(id)
                : index != null ? new AfterFilteredIndex(index)
                : timestamp != null ? new AfterTimestamp(timestamp)
                : new FromStart();
        return new StreamQuery(filter, !"false".equals(wrap), SeriesCollapse.accumulatedFormat(seriesFormat), cursor,
                positive(limit));
    }

    /** The filter and wrap of the global stream, which has no cursor. */
    public static StreamQuery global(String types, String levels, String includeStatus, String wrap) {
        return parse(types, levels, includeStatus, wrap, null, null, null, null, null, null);
    }

    public boolean collapses() {
        return cursor instanceof FromStart;
    }


    private static String nonEmpty(String name, String value) {
        if (value != null && value.isEmpty()) {
            throw ApiException.invalidQuery(name + " must not be empty");
        }
        return value;
    }

    private static Long integer(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalidQuery(name + " must be an integer, got '" + value + "'");
        }
    }

    private static Integer positive(String value) {
        Long parsed = integer("limit", value);
        if (parsed == null) {
            return null;
        }
        if (parsed < 1 || parsed > Integer.MAX_VALUE) {
            throw ApiException.invalidQuery("limit must be a positive integer, got '" + value + "'");
        }
        return parsed.intValue();
    }
}
