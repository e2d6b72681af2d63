package io.taskcast.kafka.processor.engine;

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
 */
public record TaskState(Task task, long nextIndex, Map<String, TaskEvent> series, Long ttlDeadline) {

    public TaskState {
        series = series == null ? Map.of() : Map.copyOf(series);
    }

    public static TaskState created(Task task) {
        Long deadline = task.ttl() == null ? null : task.createdAt() + task.ttl() * 1000L;
        return new TaskState(task, 0, Map.of(), deadline);
    }
}
