package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.command.EventInput;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the events one command emits: each gets the task's next index, the command's timestamp
 * and an id derived from the command, and is folded into its series.
 */
final class Emitter {

    private final String taskId;
    private final String commandId;
    private final long now;
    private final Map<String, TaskEvent> series;
    private final List<EventRecord> records = new ArrayList<>();
    private long nextIndex;

    Emitter(TaskState state, String commandId, long now) {
        this.taskId = state.task().id();
        this.commandId = commandId;
        this.now = now;
        this.nextIndex = state.nextIndex();
        this.series = new HashMap<>(state.series());
    }

    void system(String type, JsonNode data) {
        add(new TaskEvent(nextId(), taskId, nextIndex, now, type, Level.INFO, data, null, null, null, null));
    }

    TaskEvent publish(EventInput input) {
        TaskEvent event = new TaskEvent(nextId(), taskId, nextIndex, now, input.type(),
                input.level() == null ? Level.INFO : input.level(), input.data(), input.seriesId(),
                input.seriesMode(), input.seriesAccField(), null);
        add(event);
        return event;
    }

    /** The state after the emitted events, around {@code next}'s task and deadline. */
    Decision.Applied applied(TaskState next) {
        return new Decision.Applied(next.advanced(nextIndex, series), List.copyOf(records));
    }

    private void add(TaskEvent event) {
        records.add(SeriesFolding.fold(event, series));
        nextIndex++;
    }

    private String nextId() {
        return EventIds.of(commandId, records.size(), now);
    }
}
