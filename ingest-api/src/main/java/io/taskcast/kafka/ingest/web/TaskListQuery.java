package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.platform.web.ApiException;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskStatus;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The filter of {@code GET /tasks?status=a,b&type=t}: any of the statuses, and exactly the type.
 * An absent or empty parameter does not filter.
 *
 * @param statuses null = every status
 * @param type     null = every type
 */
record TaskListQuery(Set<TaskStatus> statuses, String type) {

    /** @throws ApiException 400 {@code INVALID_QUERY} for an unknown status, naming it */
    static TaskListQuery parse(String status, String type) {
        return new TaskListQuery(statuses(status), type == null || type.isEmpty() ? null : type);
    }

    boolean matches(Task task) {
        return (statuses == null || statuses.contains(task.status())) && (type == null || type.equals(task.type()));
    }

    private static Set<TaskStatus> statuses(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Set<TaskStatus> statuses = EnumSet.noneOf(TaskStatus.class);
        for (String name : value.split(",")) {
            String trimmed = name.trim();
            if (!trimmed.isEmpty()) {
                statuses.add(TaskStatus.fromWire(trimmed).orElseThrow(() -> QueryParams.invalid(
                        "status: unknown status '" + trimmed + "' (expected one of " + expected() + ")")));
            }
        }
        return statuses;
    }

    private static String expected() {
        return Arrays.stream(TaskStatus.values()).map(TaskStatus::wireName).collect(Collectors.joining(", "));
    }
}
