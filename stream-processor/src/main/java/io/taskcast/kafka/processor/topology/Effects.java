package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;
import io.taskcast.kafka.schemas.webhook.WebhookDelivery;

import java.util.List;
import java.util.Optional;

/**
 * What one accepted command changes: the task after it, its events, their webhook deliveries, and
 * the reply if one was asked; or, for due cleanup rules, what they remove.
 *
 * @param cleanup null unless cleanup rules came due
 */
record Effects(Task task, List<EventRecord> events, List<WebhookDelivery> deliveries, Optional<Reply> reply,
               TaskCleanup cleanup) {

    static Effects of(Task task, List<EventRecord> events, List<WebhookDelivery> deliveries, Optional<Reply> reply) {
        return new Effects(task, events, deliveries, reply, null);
    }

    static Effects cleanup(Task task, TaskCleanup cleanup) {
        return new Effects(task, List.of(), List.of(), Optional.empty(), cleanup);
    }
}
