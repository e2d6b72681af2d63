package io.taskcast.kafka.schemas.worker;

import io.taskcast.kafka.schemas.Task;
import tools.jackson.databind.JsonNode;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Which workers may take a task, best first (taskcast-extras.md §8). */
public final class WorkerMatching {

    /** The task metadata field listing the workers that declined it with {@code blacklist:true}. */
    public static final String BLACKLIST_FIELD = "_blacklistedWorkers";

    private WorkerMatching() {
    }

    /** The task's cost in slots: its {@code cost}, 1 when absent. */
    public static int cost(Task task) {
        return task.cost() == null ? 1 : task.cost();
    }

    /**
     * The workers whose rule matches the task, that have its cost free and did not blacklist
     * themselves for it, in {@link Worker#PREFERENCE} order.
     */
    public static List<Worker> candidates(Task task, Collection<Worker> workers) {
        Set<String> blacklisted = blacklisted(task);
        int cost = cost(task);
        return workers.stream()
                .filter(w -> w.canTake(cost) && !blacklisted.contains(w.id()))
                .filter(w -> (w.matchRule() == null ? MatchRule.ANY : w.matchRule()).matches(task))
                .sorted(Worker.PREFERENCE)
                .toList();
    }

    /** The ids in the task's {@code metadata._blacklistedWorkers}; non-string entries are ignored. */
    public static Set<String> blacklisted(Task task) {
        JsonNode list = task.metadata() == null ? null : task.metadata().get(BLACKLIST_FIELD);
        Set<String> ids = new HashSet<>();
        if (list != null && list.isArray()) {
            list.forEach(id -> {
                if (id.isString()) {
                    ids.add(id.asString());
                }
            });
        }
        return ids;
    }
}
