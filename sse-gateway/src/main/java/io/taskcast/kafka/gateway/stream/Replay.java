package io.taskcast.kafka.gateway.stream;

import io.taskcast.kafka.platform.redis.TaskHistory;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.filter.SeriesCollapse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The replay part of a task stream, chosen purely from the history read at connect (api.md §3, §6).
 * filteredIndex counts matching events from the start of the history whatever the cursor, so a
 * client resuming with {@code since.index} or {@code Last-Event-ID} sees the same numbers again.
 *
 * @param events            what to send, in order
 * @param nextFilteredIndex the filteredIndex the first matching live event gets
 * @param lastIndex         the highest raw index read; live events at or below it were replayed (or skipped) already
 * @param doneReason        the terminal status the history (or the task) already reached; null while it runs
 */
record Replay(List<Numbered> events, long nextFilteredIndex, long lastIndex, String doneReason) {

    public Replay {
        events = List.copyOf(events);
    }

    /** @param task the task as read before the history; its status ends the stream if no status event says so */
    public static Replay of(StreamQuery query, Task task, TaskHistory history) {
        List<TaskEvent> raw = history.events();
        List<TaskEvent> shown = query.collapses() ? SeriesCollapse.collapse(raw, history.seriesStates()) : raw;
        List<Numbered> numbered = new ArrayList<>();
        long next = 0;
        for (TaskEvent event : shown) {
            if (query.filter().matches(event)) {
                numbered.add(new Numbered(event, next++));
            }
        }
        List<Numbered> selected = limit(afterCursor(numbered, query.cursor(), raw), query.limit());
        return new Replay(selected, next, lastIndex(raw), doneReason(raw, task));
    }

    private static List<Numbered> afterCursor(List<Numbered> events, StreamQuery.Cursor cursor, List<TaskEvent> raw) {
        if (cursor instanceof StreamQuery.AfterFilteredIndex after) {
            return events.stream().filter(n -> n.filteredIndex() > after.filteredIndex()).toList();
        }
        if (cursor instanceof StreamQuery.AfterTimestamp after) {
            return events.stream().filter(n -> n.event().timestamp() > after.timestamp()).toList();
        }
        if (cursor instanceof StreamQuery.AfterId after) {
            // The cursor event may not pass the filter; its raw index still marks the position.
            Optional<Long> index = raw.stream().filter(e -> e.id().equals(after.eventId())).map(TaskEvent::index).findFirst();
            return index.map(i -> events.stream().filter(n -> n.event().index() > i).toList()).orElse(events);
        }
        return events;
    }

    /**
     * The first {@code limit} after the cursor, as history's {@code limit}: the live part still starts
     * after the newest event at connect, so the events between are not sent (Taskcast does the same).
     */
    private static List<Numbered> limit(List<Numbered> events, Integer limit) {
        return limit == null || events.size() <= limit ? events : events.subList(0, limit);
    }

    private static long lastIndex(List<TaskEvent> raw) {
        return raw.stream().mapToLong(TaskEvent::index).max().orElse(-1);
    }

    private static String doneReason(List<TaskEvent> raw, Task task) {
        return raw.stream().map(Terminal::reasonOf).flatMap(Optional::stream).findFirst()
                .orElse(task.status().isTerminal() ? task.status().wireName() : null);
    }
}
