package io.taskcast.kafka.gateway.stream;

import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.TaskEvent;

import java.util.Optional;

/**
 * Decides, for each live record of one task stream, what to send: nothing for records the replay
 * already covered, the event (or its running total) numbered after the replay, and whether the
 * stream ends. Used by one stream only, in order.
 */
public final class LiveNumbering {

    private final StreamQuery query;
    private final long lastReplayedIndex;
    private long nextFilteredIndex;

    public LiveNumbering(StreamQuery query, Replay replay) {
        this(query, replay.lastIndex(), replay.nextFilteredIndex());
    }

    /** For the global stream: everything from connect on, numbered from 0. */
    public static LiveNumbering fromConnect(StreamQuery query) {
        return new LiveNumbering(query, -1, 0);
    }

    private LiveNumbering(StreamQuery query, long lastReplayedIndex, long nextFilteredIndex) {
        this.query = query;
        this.lastReplayedIndex = lastReplayedIndex;
        this.nextFilteredIndex = nextFilteredIndex;
    }

    /** Whether the record comes after the replay (per task); the global stream takes every record. */
    public boolean isNew(EventRecord record) {
        return record.event().index() > lastReplayedIndex;
    }

    /** The event to send for a new record, if it passes the filter and the since.index threshold. */
    public Optional<Numbered> number(EventRecord record) {
        TaskEvent event = record.event();
        if (!query.filter().matches(event)) {
            return Optional.empty();
        }
        long filteredIndex = nextFilteredIndex++;
        if (query.cursor() instanceof StreamQuery.AfterFilteredIndex after && filteredIndex <= after.filteredIndex()) {
            return Optional.empty();
        }
        boolean total = query.accumulated() && record.accumulated() != null;
        return Optional.of(new Numbered(total ? record.accumulated() : event, filteredIndex));
    }

    /** The {@code done} reason when this record is the task's terminal status event. */
    public static Optional<String> doneReason(EventRecord record) {
        return Terminal.reasonOf(record.event());
    }
}
