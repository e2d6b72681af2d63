package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.schemas.TaskEvent;

import java.util.List;

/** Where a history read starts (api.md §5 history query): after an event id, a raw index or a timestamp. */
sealed interface HistoryCursor {

    /** The events of {@code history} (ordered by index) that come after the cursor. */
    List<TaskEvent> after(List<TaskEvent> history);

    /** The lowest index worth reading from the store; events below it never pass. */
    default long readFromIndex() {
        return 0;
    }

    /** No {@code since.*}: the whole history. */
    record FromStart() implements HistoryCursor {
        @Override
        public List<TaskEvent> after(List<TaskEvent> history) {
            return history;
        }
    }

    /** {@code since.id}: the events after that event; an id not in the history means from the start. */
    record AfterId(String eventId) implements HistoryCursor {
        @Override
        public List<TaskEvent> after(List<TaskEvent> history) {
            for (int i = 0; i < history.size(); i++) {
                if (history.get(i).id().equals(eventId)) {
                    return history.subList(i + 1, history.size());
                }
            }
            return history;
        }
    }

    /** {@code since.index}: events whose raw index is greater. */
    record AfterIndex(long index) implements HistoryCursor {
        @Override
        public List<TaskEvent> after(List<TaskEvent> history) {
            return history.stream().filter(event -> event.index() > index).toList();
        }

        @Override
        public long readFromIndex() {
            return index < 0 ? 0 : index == Long.MAX_VALUE ? index : index + 1;
        }
    }

    /**
     * {@code since.timestamp}: events with a strictly later timestamp, as Taskcast does; a client
     * resuming from the timestamp of the last event it saw gets no duplicate.
     */
    record AfterTimestamp(long timestamp) implements HistoryCursor {
        @Override
        public List<TaskEvent> after(List<TaskEvent> history) {
            return history.stream().filter(event -> event.timestamp() > timestamp).toList();
        }
    }
}
