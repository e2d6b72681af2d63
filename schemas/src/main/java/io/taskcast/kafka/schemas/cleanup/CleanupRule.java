package io.taskcast.kafka.schemas.cleanup;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.filter.EventFilter;

import java.util.List;

/**
 * One cleanup rule (api.md §10), from a task's {@code cleanup.rules} or from configuration. It
 * applies to a terminal task whose status and type match, once {@code afterMs} have passed since
 * the task completed; read it with {@link CleanupRules}, which validates every field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CleanupRule(String name, Match match, Trigger trigger, CleanupTarget target, Selector eventFilter) {

    public CleanupRule {
        match = match == null ? Match.ANY : match;
        trigger = trigger == null ? Trigger.NOW : trigger;
        if (target == null) {
            throw new IllegalArgumentException("target is required");
        }
    }

    /** Which terminal tasks the rule is for; null lists mean any. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Match(List<String> taskTypes, List<TaskStatus> status) {
        static final Match ANY = new Match(null, null);

        public Match {
            taskTypes = taskTypes == null ? null : List.copyOf(taskTypes);
            status = status == null ? null : List.copyOf(status);
        }
    }

    /** @param afterMs how long after completion the rule applies; null = at once */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Trigger(Long afterMs) {
        static final Trigger NOW = new Trigger(null);
    }

    /**
     * Which events an {@code events} rule removes; every part given must hold. An event without a
     * series passes {@code seriesMode}, and {@code olderThanMs} selects events stamped more than
     * that long before the task completed (both as Taskcast's own cleanup code reads them).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Selector(List<String> types, List<Level> levels, Long olderThanMs, List<SeriesMode> seriesMode) {

        public Selector {
            types = types == null ? null : List.copyOf(types);
            levels = levels == null ? null : List.copyOf(levels);
            seriesMode = seriesMode == null ? null : List.copyOf(seriesMode);
        }

        boolean selects(TaskEvent event, long completedAt) {
            return (types == null || types.stream().anyMatch(p -> EventFilter.typeMatches(p, event.type())))
                    && (levels == null || levels.contains(event.level()))
                    && (seriesMode == null || event.seriesMode() == null || seriesMode.contains(event.seriesMode()))
                    && (olderThanMs == null || event.timestamp() < completedAt - olderThanMs);
        }
    }

    /** True for a terminal task of a matching status and type, whatever the time. */
    public boolean matches(Task task) {
        TaskStatus status = task.status();
        return status.isTerminal()
                && (match.status() == null || match.status().contains(status))
                && (match.taskTypes() == null || (task.type() != null
                && match.taskTypes().stream().anyMatch(p -> EventFilter.typeMatches(p, task.type()))));
    }

    /** When the rule applies to {@code task} (epoch ms): its completion plus {@code afterMs}. */
    public long dueAt(Task task) {
        long after = trigger.afterMs() == null ? 0 : trigger.afterMs();
        return completedAt(task) + after;
    }

    /** Whether the rule removes {@code event} of a task that completed at {@code completedAt}. */
    public boolean removes(TaskEvent event, long completedAt) {
        return target.removesTask() || eventFilter == null || eventFilter.selects(event, completedAt);
    }

    /** The task's completion time; a terminal task without one counts from its last update. */
    public static long completedAt(Task task) {
        return task.completedAt() != null ? task.completedAt() : task.updatedAt();
    }
}
