package io.taskcast.kafka.gateway.stream;

import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import tools.jackson.databind.JsonNode;

import java.util.Optional;

/** Recognises the status event that ends a task, and so its stream. */
final class Terminal {

    private Terminal() {
    }

    /** The terminal status {@code event} moves to, as the {@code done} reason; empty for any other event. */
    static Optional<String> reasonOf(TaskEvent event) {
        if (!TaskEvent.STATUS_TYPE.equals(event.type()) || event.data() == null) {
            return Optional.empty();
        }
        JsonNode status = event.data().get("status");
        if (status == null || !status.isString()) {
            return Optional.empty();
        }
        return TaskStatus.fromWire(status.asString()).filter(TaskStatus::isTerminal).map(TaskStatus::wireName);
    }
}
