package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.json.Json;

/** Event fixtures: ids {@code evt-<index>}, timestamps {@code T0 + 10·index}. */
final class Events {

    static final String TASK_ID = "task-1";
    static final long T0 = 1_700_000_000_000L;

    private Events() {
    }

    static TaskEvent plain(long index, String type, Level level) {
        return new TaskEvent("evt-" + index, TASK_ID, index, T0 + 10 * index, type, level,
                Json.mapper().createObjectNode().put("n", (int) index), null, null, null, null);
    }

    static TaskEvent status(long index, String status) {
        return new TaskEvent("evt-" + index, TASK_ID, index, T0 + 10 * index, TaskEvent.STATUS_TYPE, Level.INFO,
                Json.mapper().createObjectNode().put("status", status), null, null, null, null);
    }

    static TaskEvent delta(long index, String text) {
        return new TaskEvent("evt-" + index, TASK_ID, index, T0 + 10 * index, "llm.delta", Level.INFO,
                Json.mapper().createObjectNode().put("delta", text), "answer", SeriesMode.ACCUMULATE, null, null);
    }

    /** The series state after {@code latest}, as the processor stores it. */
    static TaskEvent state(TaskEvent latest, String text) {
        return new TaskEvent(latest.id(), latest.taskId(), latest.index(), latest.timestamp(), latest.type(),
                latest.level(), Json.mapper().createObjectNode().put("delta", text), latest.seriesId(),
                latest.seriesMode(), latest.seriesAccField(), null);
    }

    static TaskEvent snapshot(TaskEvent state) {
        return new TaskEvent(state.id(), state.taskId(), state.index(), state.timestamp(), state.type(), state.level(),
                state.data(), state.seriesId(), state.seriesMode(), state.seriesAccField(), true);
    }
}
