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
 * @param importGeneration null unless an archive was imported: then the import's generation (the
 *                    offset of its command), and {@code events} replace the task's history
 * @param release     {@link Release#NOW} when the task is released from hot storage by this command,
 *                    {@link Release#EARLIER} for a cleanup of a task released before
 */
record Effects(Task task, boolean taskChanged, List<EventRecord> events, List<WebhookDelivery> deliveries,
               Optional<Reply> reply, TaskCleanup cleanup, Long importGeneration, Release release) {

    /** Whether and when the task left hot storage (taskcast-extras.md §7). */
    enum Release { NO, NOW, EARLIER }

    static Effects of(Task before, Task task, List<EventRecord> events, List<WebhookDelivery> deliveries,
                      Optional<Reply> reply) {
        boolean changed = before == null || (before != task && !before.equals(task));
        return new Effects(task, changed, events, deliveries, reply, null, null, Release.NO);
    }

    static Effects imported(Task task, List<EventRecord> events, Optional<Reply> reply, long generation) {
        return new Effects(task, true, events, List.of(), reply, null, generation, Release.NO);
    }

    static Effects cleanup(Task task, TaskCleanup cleanup, boolean released) {
        return new Effects(task, true, List.of(), List.of(), Optional.empty(), cleanup, null,
                released ? Release.EARLIER : Release.NO);
    }

    static Effects released(Task task, Optional<Reply> reply) {
        return new Effects(task, false, List.of(), List.of(), reply, null, null, Release.NOW);
    }
}
