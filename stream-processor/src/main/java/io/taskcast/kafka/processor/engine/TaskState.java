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
 * @param webhookCounts per webhook key ({@code t<i>} a task webhook, {@code g<i>} a configured one):
 *                    how many events passed its filter so far, the next delivery's {@code filteredIndex}
 * @param released    the finished task was released from hot storage (taskcast-extras.md §7): Redis
 *                    no longer holds it, reads are served from the archive
 * @param generation  the generation of the task's last import (taskcast-extras.md §6), null if it
 *                    was never imported; every record written for the task carries it
 */
public record TaskState(Task task, long nextIndex, Map<String, TaskEvent> series, Long ttlDeadline,
                        Long cleanedUpTo, boolean removed, Map<String, Long> webhookCounts, boolean released,
                        Long generation) {

    /** The canonical constructor is the one the state store's JSON is read with. */
    @JsonCreator
    public TaskState {
        series = series == null ? Map.of() : Map.copyOf(series);
        webhookCounts = webhookCounts == null ? Map.of() : Map.copyOf(webhookCounts);
    }

    public TaskState(Task task, long nextIndex, Map<String, TaskEvent> series, Long ttlDeadline) {
        this(task, nextIndex, series, ttlDeadline, null, false, Map.of(), false, null);
    }

    /** After a transition: the new task and clock, everything else carried over. */
    TaskState moved(Task next, Long deadline) {
        return new TaskState(next, nextIndex, series, deadline, cleanedUpTo, removed, webhookCounts,
                released, generation);
    }

    /** After emitting events: the next index and series states, everything else carried over. */
    TaskState advanced(long next, Map<String, TaskEvent> nextSeries) {
        return new TaskState(task, next, nextSeries, ttlDeadline, cleanedUpTo, removed, webhookCounts,
                released, generation);
    }

    /** After fanning events out to webhooks. */
    public TaskState withWebhookCounts(Map<String, Long> counts) {
        return new TaskState(task, nextIndex, series, ttlDeadline, cleanedUpTo, removed, counts, released,
                generation);
    }

    public static TaskState created(Task task) {
        Long deadline = task.ttl() == null ? null : task.createdAt() + task.ttl() * 1000L;
        return new TaskState(task, 0, Map.of(), deadline);
    }

    /** After the cleanup rules due up to {@code dueAt} left the task in place. */
    TaskState cleanedUpTo(long dueAt) {
        return new TaskState(task, nextIndex, series, ttlDeadline, dueAt, removed, webhookCounts, released,
                generation);
    }

    /** The marker left when a cleanup rule removed the task: only what keeps its id reserved. */
    TaskState removedAt(long dueAt) {
        Task t = task;
        Task stub = new Task(t.id(), null, t.status(), null, null, null, null, t.createdAt(), t.updatedAt(),
                t.completedAt(), null, null, null, null, null, null, null, null);
        return new TaskState(stub, nextIndex, Map.of(), null, dueAt, true, Map.of(), released, generation);
    }

    /** After a release from hot storage. */
    TaskState releasedFromHotStorage() {
        return new TaskState(task, nextIndex, series, ttlDeadline, cleanedUpTo, removed, webhookCounts, true,
                generation);
    }

    /** The state an import made, with the import's generation. */
    public TaskState importedAs(long importGeneration) {
        return new TaskState(task, nextIndex, series, ttlDeadline, cleanedUpTo, removed, webhookCounts, released,
                importGeneration);
    }
}
