package io.taskcast.kafka.schemas.archive;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.filter.SeriesCollapse;

import io.taskcast.kafka.schemas.command.CommandValidation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /**
     * Why a task and its events cannot be imported, or empty when they can: the task needs an id
     * and a status, and the events must be the task's (every {@code taskId} equal to the task's id),
     * numbered 0..n-1 in order, with unique ids and no late-join {@code seriesSnapshot}.
     */
    public static Optional<String> problem(Task task, List<TaskEvent> events) {
        if (task == null) {
            return Optional.of("archive.task is required");
        }
        Optional<String> id = CommandValidation.taskIdProblem(task.id()).map(p -> "archive.task.id: " + p);
        if (id.isPresent()) {
            return id;
        }
        if (task.status() == null) {
            return Optional.of("archive.task.status is required");
        }
        if (events == null) {
            return Optional.of("archive.events is required");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            TaskEvent e = events.get(i);
            String at = "archive.events[" + i + "]";
            if (e == null) {
                return Optional.of(at + " must be an event object");
            }
            if (e.index() != i) {
                return Optional.of("archive events must be contiguous from index 0: " + at + " has index " + e.index());
            }
            if (e.id() == null || e.id().isBlank()) {
                return Optional.of(at + ".id is required");
            }
            if (!ids.add(e.id())) {
                return Optional.of("archive event ids must be unique: " + at + " repeats id " + e.id());
            }
            if (!task.id().equals(e.taskId())) {
                return Optional.of(at + ".taskId must equal archive.task.id (" + task.id() + "), got " + e.taskId());
            }
            if (e.type() == null || e.type().isBlank()) {
                return Optional.of(at + ".type is required");
            }
            if (e.level() == null) {
                return Optional.of(at + ".level is required");
            }
            if (e.seriesSnapshot() != null) {
                return Optional.of(at + " must not carry seriesSnapshot (archives hold folded events, not snapshots)");
            }
        }
        return Optional.empty();
    }
}
