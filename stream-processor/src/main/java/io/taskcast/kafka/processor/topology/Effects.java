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
 * @param taskChanged false when the task is as it was before the command (a publish changes only
 *                    the events): its snapshot is then neither written to the view nor to the topic
 * @param cleanup     null unless cleanup rules came due
 */
record Effects(Task task, boolean taskChanged, List<EventRecord> events, List<WebhookDelivery> deliveries,
               Optional<Reply> reply, TaskCleanup cleanup) {

    static Effects of(Task before, Task task, List<EventRecord> events, List<WebhookDelivery> deliveries,
                      Optional<Reply> reply) {
        boolean changed = before == null || (before != task && !before.equals(task));
        return new Effects(task, changed, events, deliveries, reply, null);
    }

    static Effects cleanup(Task task, TaskCleanup cleanup) {
        return new Effects(task, true, List.of(), List.of(), Optional.empty(), cleanup);
    }
}
