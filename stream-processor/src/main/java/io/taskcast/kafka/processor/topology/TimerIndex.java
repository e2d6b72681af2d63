package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.processor.engine.Cleanups;
import io.taskcast.kafka.processor.engine.TaskState;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.TimerKind;
import io.taskcast.kafka.schemas.command.FireTimer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tasks' pending timers (TTL deadlines, resume times, cleanup times) in a store ordered by due time, so the
 * clock finds what is due with one range scan instead of reading every task. Keys are
 * {@code <dueAt, 13 digits>|<kind>|<taskId>}.
 */
final class TimerIndex {

    private final KeyValueStore<String, String> store;
    private final Cleanups cleanups;

    TimerIndex(KeyValueStore<String, String> store, Cleanups cleanups) {
        this.store = store;
        this.cleanups = cleanups;
    }

    /** Replaces {@code before}'s timers by {@code after}'s; either may be null (no task). */
    void update(TaskState before, TaskState after) {
        Set<String> old = keys(before);
        Set<String> now = keys(after);
        old.stream().filter(k -> !now.contains(k)).forEach(store::delete);
        now.stream().filter(k -> !old.contains(k)).forEach(k -> store.put(k, ""));
    }

    /** Removes and returns the timers due at or before {@code now}, as commands to write to the log. */
    List<FireTimer> takeDue(long now) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.range(key(0, "", ""), String.format("%013d|~", now))) {
            it.forEachRemaining(kv -> due.add(kv.key));
        }
        List<FireTimer> timers = new ArrayList<>();
        for (String k : due) {
            store.delete(k);
            String[] parts = k.split("\\|", 3);
            long dueAt = Long.parseLong(parts[0]);
            TimerKind kind = TimerKind.valueOf(parts[1].toUpperCase(java.util.Locale.ROOT));
            timers.add(new FireTimer("timer:" + parts[1] + ":" + dueAt + ":" + parts[2], parts[2], kind, dueAt));
        }
        return timers;
    }

    private Set<String> keys(TaskState state) {
        Set<String> keys = new HashSet<>();
        if (state == null) {
            return keys;
        }
        String taskId = state.task().id();
        if (state.ttlDeadline() != null) {
            keys.add(key(state.ttlDeadline(), TimerKind.TTL.wireName(), taskId));
        }
        if (state.task().status() == TaskStatus.BLOCKED && state.task().resumeAt() != null) {
            keys.add(key(state.task().resumeAt(), TimerKind.RESUME.wireName(), taskId));
        }
        cleanups.pendingDueTimes(state).forEach(due -> keys.add(key(due, TimerKind.CLEANUP.wireName(), taskId)));
        return keys;
    }

    private static String key(long dueAt, String kind, String taskId) {
        return String.format("%013d|%s|%s", dueAt, kind, taskId);
    }
}
