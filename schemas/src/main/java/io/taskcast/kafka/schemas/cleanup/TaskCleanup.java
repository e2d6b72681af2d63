package io.taskcast.kafka.schemas.cleanup;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;

import java.util.List;

/**
 * Cleanup rules that came due for one task, as every store applies them: the processor to Redis,
 * the archiver to Postgres, replay to what it rebuilds. It depends only on the rules and the task's
 * completion time, so each store removes exactly the same events, whenever it applies it.
 *
 * @param completedAt the task's completion time, which {@code olderThanMs} counts back from
 * @param rules       the rules applied, in the order given (task rules, then configured ones)
 */
public record TaskCleanup(String taskId, long completedAt, List<CleanupRule> rules) {

    public TaskCleanup {
        rules = List.copyOf(rules);
    }

    public static TaskCleanup of(Task task, List<CleanupRule> rules) {
        return new TaskCleanup(task.id(), CleanupRule.completedAt(task), rules);
    }

    /** True when a rule removes the task itself, and with it every event. */
    @JsonIgnore
    public boolean removesTask() {
        return rules.stream().anyMatch(r -> r.target().removesTask());
    }

    public boolean removes(TaskEvent event) {
        return rules.stream().anyMatch(r -> r.removes(event, completedAt));
    }
}
