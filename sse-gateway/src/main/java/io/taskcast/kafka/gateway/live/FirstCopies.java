package io.taskcast.kafka.gateway.live;

import io.taskcast.kafka.schemas.TaskEvent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lets through the first copy of each task's events and drops the rest. The live reader reads the
 * events topic uncommitted, so an event of a transaction that is aborted and redone arrives twice,
 * identical both times (docs/fast-path.md). A task's events are read in index order, copies
 * included, so a copy is exactly an event whose index is not above the highest one let through.
 * <p>
 * Remembers the {@value #DEFAULT_TASKS} tasks with the most recent events (least recently used
 * forgotten first); a copy arriving after its task was forgotten would pass, which needs that many
 * other tasks to have had events since. Task streams also drop what is not above their last event
 * (LiveNumbering), so this bound matters to global streams only. Used by the reader thread only.
 */
final class FirstCopies {

    static final int DEFAULT_TASKS = 65_536;

    private final Map<String, Long> highestIndex;
    /** Written by the reader thread only; read by the metrics. */
    private volatile long dropped;

    FirstCopies() {
        this(DEFAULT_TASKS);
    }

    FirstCopies(int tasks) {
        this.highestIndex = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > tasks;
            }
        };
    }

    /** Whether this is the first copy of the event; if so, it is remembered as its task's latest. */
    boolean first(TaskEvent event) {
        Long highest = highestIndex.get(event.taskId());
        if (highest != null && event.index() <= highest) {
            dropped++;
            return false;
        }
        highestIndex.put(event.taskId(), event.index());
        return true;
    }

    /** Forgets the task's events: an import numbered its history anew. */
    void forget(String taskId) {
        if (taskId != null) {
            highestIndex.remove(taskId);
        }
    }

    /** Copies dropped so far. */
    long dropped() {
        return dropped;
    }
}
