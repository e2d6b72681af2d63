package io.taskcast.kafka.schemas.archive;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.filter.SeriesCollapse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One task and its events, as Taskcast exports them (taskcast-extras.md §6): a compacted,
 * replayable history. Each accumulate series is one event holding its running value and each
 * latest series its last event (as the history already keeps it), at the place of the series'
 * first event in the history; the events are numbered 0..n-1 (archive indexes are not the task's
 * live indexes) and carry no {@code seriesSnapshot}.
 */
@JsonPropertyOrder({"schema", "version", "exportedAt", "task", "events"})
public record TaskArchive(String schema, int version, long exportedAt, Task task, List<TaskEvent> events) {

    public static final String SCHEMA = "taskcast.taskArchive";
    public static final int VERSION = 1;

    public TaskArchive {
        events = List.copyOf(events);
    }

    /** @param seriesStates each accumulate series' running value, by series id, as the history store keeps it */
    public static TaskArchive export(Task task, List<TaskEvent> history, Map<String, TaskEvent> seriesStates,
                                     long exportedAt) {
        List<TaskEvent> compacted = SeriesCollapse.collapse(history, seriesStates);
        List<TaskEvent> events = new ArrayList<>(compacted.size());
        for (TaskEvent e : compacted) {
            events.add(new TaskEvent(e.id(), e.taskId(), events.size(), e.timestamp(), e.type(), e.level(), e.data(),
                    e.seriesId(), e.seriesMode(), e.seriesAccField(), null));
        }
        return new TaskArchive(SCHEMA, VERSION, exportedAt, task, events);
    }
}
