package io.taskcast.kafka.schemas.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

import java.util.Comparator;

/**
 * A worker as Taskcast shows it (taskcast-extras.md §8).
 *
 * @param capacity  how many slots it has; a task takes its {@code cost} in slots (default 1)
 * @param usedSlots the slots its assigned (and reserved) tasks take
 * @param weight    preference among matching workers, higher first (Taskcast's default 50)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Worker(String id, WorkerStatus status, MatchRule matchRule, int capacity, int usedSlots, int weight,
                     ConnectionMode connectionMode, long connectedAt, long lastHeartbeatAt, JsonNode metadata) {

    public static final int DEFAULT_WEIGHT = 50;
    public static final int DEFAULT_CAPACITY = 10;

    /**
     * Whom a task goes to among the workers that can take it: the highest weight, then the most
     * free slots, then the one connected first; the id last, so the order is total.
     */
    public static final Comparator<Worker> PREFERENCE = Comparator.comparingInt(Worker::weight).reversed()
            .thenComparing(Comparator.comparingInt(Worker::freeSlots).reversed())
            .thenComparingLong(Worker::connectedAt)
            .thenComparing(Worker::id);

    public int freeSlots() {
        return Math.max(0, capacity - usedSlots);
    }

    /** Whether it can take a task of this cost now: not draining or offline, and with the slots free. */
    public boolean canTake(int cost) {
        return (status == WorkerStatus.IDLE || status == WorkerStatus.BUSY) && cost <= freeSlots();
    }

    /** The same worker with another status and slot use. */
    public Worker with(WorkerStatus nextStatus, int nextUsedSlots) {
        return new Worker(id, nextStatus, matchRule, capacity, nextUsedSlots, weight, connectionMode, connectedAt,
                lastHeartbeatAt, metadata);
    }

    /** The same worker, heard from at {@code at}. */
    public Worker heardAt(long at) {
        return new Worker(id, status, matchRule, capacity, usedSlots, weight, connectionMode, connectedAt, at,
                metadata);
    }
}
