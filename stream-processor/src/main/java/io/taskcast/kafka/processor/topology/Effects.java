package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.EventRecord;

import java.util.List;
import java.util.Optional;

/** What one accepted command changes: the task after it, its events, and the reply if one was asked. */
record Effects(Task task, List<EventRecord> events, Optional<Reply> reply) {
}
