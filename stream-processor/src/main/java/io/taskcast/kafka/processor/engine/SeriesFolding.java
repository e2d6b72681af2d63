package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.TaskEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

/** Series folding of api.md §3, as pure functions over the series' previous state. */
final class SeriesFolding {

    static final String DEFAULT_ACC_FIELD = "delta";

    private SeriesFolding() {
    }

    /** The record to publish for {@code event}; {@code series} is updated with the new state. */
    static EventRecord fold(TaskEvent event, Map<String, TaskEvent> series) {
        if (event.seriesId() == null || event.seriesMode() == null || event.seriesMode() == SeriesMode.KEEP_ALL) {
            return EventRecord.plain(event);
        }
        TaskEvent previous = series.get(event.seriesId());
        if (event.seriesMode() == SeriesMode.LATEST) {
            series.put(event.seriesId(), event);
            return new EventRecord(event, null, previous == null ? null : previous.index());
        }
        TaskEvent accumulated = accumulate(previous, event);
        series.put(event.seriesId(), accumulated);
        return new EventRecord(event, accumulated, null);
    }

    /** The new series state: the new event with {@code data[f]} = previous + new when both are strings. */
    static TaskEvent accumulate(TaskEvent previous, TaskEvent event) {
        String field = event.seriesAccField() == null ? DEFAULT_ACC_FIELD : event.seriesAccField();
        if (previous == null || !previous.data().isObject() || !event.data().isObject()) {
            return event;
        }
        JsonNode before = previous.data().get(field);
        JsonNode delta = event.data().get(field);
        if (before == null || delta == null || !before.isString() || !delta.isString()) {
            return event;
        }
        ObjectNode data = ((ObjectNode) event.data()).deepCopy();
        data.put(field, before.asString() + delta.asString());
        return new TaskEvent(event.id(), event.taskId(), event.index(), event.timestamp(), event.type(),
                event.level(), data, event.seriesId(), event.seriesMode(), event.seriesAccField(), null);
    }
}
