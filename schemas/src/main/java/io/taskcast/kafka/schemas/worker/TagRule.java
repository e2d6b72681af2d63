package io.taskcast.kafka.schemas.worker;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Collection;
import java.util.List;

/**
 * The tags a worker's task must have: {@code all} of them, at least one of {@code any}, none of
 * {@code none}. An absent or empty list asks nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TagRule(List<String> all, List<String> any, List<String> none) {

    public TagRule {
        all = all == null ? null : List.copyOf(all);
        any = any == null ? null : List.copyOf(any);
        none = none == null ? null : List.copyOf(none);
    }

    /** @param tags the task's tags; null = none */
    public boolean matches(Collection<String> tags) {
        Collection<String> present = tags == null ? List.of() : tags;
        return (all == null || present.containsAll(all))
                && (any == null || any.isEmpty() || any.stream().anyMatch(present::contains))
                && (none == null || none.stream().noneMatch(present::contains));
    }
}
