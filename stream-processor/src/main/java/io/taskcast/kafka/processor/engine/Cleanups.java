package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.cleanup.CleanupRule;
import io.taskcast.kafka.schemas.cleanup.CleanupRules;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which cleanup rules apply to a task and when: the task's own rules, then the configured ones.
 * A rule is due {@code afterMs} after the task completed; each due time gets one timer.
 */
public final class Cleanups {

    private final List<CleanupRule> configured;

    public Cleanups(List<CleanupRule> configured) {
        this.configured = List.copyOf(configured);
    }

    public static Cleanups none() {
        return new Cleanups(List.of());
    }

    /** The due times still ahead for a finished task; none for a live or removed one. */
    public SortedSet<Long> pendingDueTimes(TaskState state) {
        SortedSet<Long> times = new TreeSet<>();
        if (state == null || state.removed() || !state.task().status().isTerminal()) {
            return times;
        }
        for (CleanupRule rule : matching(state.task())) {
            long due = rule.dueAt(state.task());
            if (state.cleanedUpTo() == null || due > state.cleanedUpTo()) {
                times.add(due);
            }
        }
        return times;
    }

    /** The rules due after what was already applied and at or before {@code dueAt}, in order. */
    List<CleanupRule> dueBy(TaskState state, long dueAt) {
        List<CleanupRule> due = new ArrayList<>();
        for (CleanupRule rule : matching(state.task())) {
            long at = rule.dueAt(state.task());
            if (at <= dueAt && (state.cleanedUpTo() == null || at > state.cleanedUpTo())) {
                due.add(rule);
            }
        }
        return due;
    }

    /** Every rule that matches the finished task, whatever the time. */
    public List<CleanupRule> matching(Task task) {
        List<CleanupRule> rules = new ArrayList<>(taskRules(task));
        rules.addAll(configured);
        rules.removeIf(rule -> !rule.matches(task));
        return rules;
    }

    /** Validated when the task was created; a task that somehow holds bad rules has none. */
    private static List<CleanupRule> taskRules(Task task) {
        try {
            return CleanupRules.ofTask(task.cleanup());
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }
}
