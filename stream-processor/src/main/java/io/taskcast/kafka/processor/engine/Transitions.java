package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.schemas.TaskStatus;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.taskcast.kafka.schemas.TaskStatus.ASSIGNED;
import static io.taskcast.kafka.schemas.TaskStatus.BLOCKED;
import static io.taskcast.kafka.schemas.TaskStatus.CANCELLED;
import static io.taskcast.kafka.schemas.TaskStatus.COMPLETED;
import static io.taskcast.kafka.schemas.TaskStatus.FAILED;
import static io.taskcast.kafka.schemas.TaskStatus.PAUSED;
import static io.taskcast.kafka.schemas.TaskStatus.PENDING;
import static io.taskcast.kafka.schemas.TaskStatus.RUNNING;
import static io.taskcast.kafka.schemas.TaskStatus.TIMEOUT;

/** The allowed moves of api.md §2, as data. Everything else — X→X, anything out of a terminal status — is invalid. */
final class Transitions {

    private static final Map<TaskStatus, Set<TaskStatus>> ALLOWED = new EnumMap<>(Map.of(
            PENDING, EnumSet.of(ASSIGNED, RUNNING, PAUSED, TIMEOUT, CANCELLED),
            ASSIGNED, EnumSet.of(PENDING, RUNNING, PAUSED, TIMEOUT, CANCELLED),
            RUNNING, EnumSet.of(PAUSED, BLOCKED, COMPLETED, FAILED, TIMEOUT, CANCELLED),
            PAUSED, EnumSet.of(ASSIGNED, RUNNING, BLOCKED, TIMEOUT, CANCELLED),
            BLOCKED, EnumSet.of(ASSIGNED, RUNNING, PAUSED, FAILED, TIMEOUT, CANCELLED)));

    private Transitions() {
    }

    public static boolean isAllowed(TaskStatus from, TaskStatus to) {
        return ALLOWED.getOrDefault(from, Set.of()).contains(to);
    }
}
