package io.taskcast.kafka.processor.engine;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;

import java.util.Map;

/**
 * What the processor keeps per task in its changelogged store. Never exposed outside the processor.
 *
 * @param task        the task as the API shows it
 * @param nextIndex   the index the task's next event gets
 * @param series      per series id: for accumulate, the running state; for latest, the latest event
 * @param ttlDeadline when the task times out (epoch ms), or null while there is no running clock
 * @param cleanedUpTo the due time up to which cleanup rules were applied, or null before any
 * @param removed     a cleanup rule removed the task: the id stays reserved (a new task cannot take
 *                    it and mix its events with the old ones in the log), every other command
 *                    finds no task
 */
public record TaskState(Task task, long nextIndex, Map<String, TaskEvent> series, Long ttlDeadline,
                        Long cleanedUpTo, boolean removed) {

    /** The canonical constructor is the one the state store's JSON is read with. */
    @JsonCreator
    public TaskState {
        series = series == null ? Map.of() : Map.copyOf(series);
    }

    public TaskState(Task task, long nextIndex, Map<String, TaskEvent> series, Long ttlDeadline) {
        this(task, nextIndex, series, ttlDeadline, null, false);
    }

    public static TaskState created(Task task) {
        Long deadline = task.ttl() == null ? null : task.createdAt() + task.ttl() * 1000L;
        return new TaskState(task, 0, Map.of(), deadline);
    }

    /** After the cleanup rules due up to {@code dueAt} left the task in place. */
    TaskState cleanedUpTo(long dueAt) {
        return new TaskState(task, nextIndex, series, ttlDeadline, dueAt, removed);
    }

    /** The marker left when a cleanup rule removed the task: only what keeps its id reserved. */
    TaskState removedAt(long dueAt) {
        Task t = task;
        Task stub = new Task(t.id(), null, t.status(), null, null, null, null, t.createdAt(), t.updatedAt(),
                t.completedAt(), null, null, null, null, null, null, null, null);
        return new TaskState(stub, nextIndex, Map.of(), null, dueAt, true);
    }
}
