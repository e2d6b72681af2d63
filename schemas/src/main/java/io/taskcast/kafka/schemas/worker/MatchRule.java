package io.taskcast.kafka.schemas.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.filter.EventFilter;

import java.util.List;

/**
 * Which tasks a worker takes (taskcast-extras.md §8): task types with the SSE {@code types}
 * wildcard rule ({@code llm.*}, {@code *}), and a {@link TagRule}. Absent or empty = any.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MatchRule(List<String> taskTypes, TagRule tags) {

    /** Takes every task. */
    public static final MatchRule ANY = new MatchRule(null, null);

    public MatchRule {
        taskTypes = taskTypes == null ? null : List.copyOf(taskTypes);
    }

    public boolean matches(Task task) {
        boolean type = taskTypes == null || taskTypes.isEmpty()
                || taskTypes.stream().anyMatch(pattern -> EventFilter.typeMatches(pattern, task.type()));
        return type && (tags == null || tags.matches(task.tags()));
    }
}
