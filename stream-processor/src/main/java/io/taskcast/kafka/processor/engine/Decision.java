package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.schemas.TaskEvent;

import java.util.List;

/** The outcome of applying one command to a task's state. */
public sealed interface Decision {

    /** The command takes effect: store {@code next}, emit {@code events} in order. */
    record Applied(TaskState next, List<TaskEvent> events) implements Decision {
    }

    /** The command has no effect; {@code status} is the HTTP status the API answers with. */
    record Refused(int status, String code, String message) implements Decision {
    }
}
