package io.taskcast.kafka.gateway.stream;

import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.TaskEvent;

import java.util.Optional;

/**
 * Decides, for each live record of one task stream, what to send: nothing for records the replay
 * already covered, the event (or its running total) numbered after the replay, and whether the
 * stream ends. Used by one stream only, in order.
 */
final class LiveNumbering {

    private final StreamQuery query;
    /** The replay's last index, then the last live record's: what is not above it was sent already. */
    private long lastIndex;
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
        this.lastIndex = lastReplayedIndex;
        this.nextFilteredIndex = nextFilteredIndex;
    }

    /**
     * Whether the record comes after the replay and after every live record before it, for a task
     * stream. Called once per record, in order: a record that is new becomes the last one, so a
     * second copy of an event (the live reader reads uncommitted, see docs/fast-path.md) is never
     * sent twice, even when the reader has forgotten its task.
     */
    public boolean isNew(EventRecord record) {
        long index = record.event().index();
        if (index <= lastIndex) {
            return false;
        }
        lastIndex = index;
        return true;
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
