package io.taskcast.kafka.platform.redis;

import io.taskcast.kafka.schemas.TaskEvent;

import java.util.List;
import java.util.Map;

/**
 * A task's short-term history together with the state of each of its accumulate series, read at
 * one instant, so a late-join collapse never shows a state older than the deltas beside it.
 *
 * @param events       ordered by index; replaced indexes of latest series are absent
 * @param seriesStates the current state of each accumulate series, by series id
 */
public record TaskHistory(List<TaskEvent> events, Map<String, TaskEvent> seriesStates) {

    public TaskHistory {
        events = List.copyOf(events);
        seriesStates = Map.copyOf(seriesStates);
    }
}
