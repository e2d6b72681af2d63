package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.processor.engine.TaskState;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;
import io.taskcast.kafka.schemas.webhook.WebhookDelivery;
import io.taskcast.kafka.schemas.worker.PoolMessage;

import java.util.List;
import java.util.Optional;

/**
 * What one accepted command changes: the task after it, its events, their webhook deliveries, and
 * the reply if one was asked; or, for due cleanup rules, what they remove.
 *
 * @param taskChanged false when the task is as it was before the command (a publish changes only
 *                    the events): its snapshot is then neither written to the view nor to the topic
 * @param cleanup     null unless cleanup rules came due
 * @param kind        what the command did: an ordinary change, an import (its {@code events}
 *                    replace the task's history), a release from hot storage, or a cleanup
 * @param generation  the generation of the task's last import, which every record written for it
 *                    carries (Headers#GENERATION); null if it was never imported
 * @param released    the task was released from hot storage (taskcast-extras.md §7), before or now
 * @param pool        news for the worker pool stage (an assignable task changed), or empty
 */
record Effects(Task task, boolean taskChanged, List<EventRecord> events, List<WebhookDelivery> deliveries,
               Optional<Reply> reply, TaskCleanup cleanup, Kind kind, Long generation, boolean released,
               Optional<PoolMessage> pool) {

    enum Kind { CHANGE, IMPORT, RELEASE, CLEANUP }

    /** @param pollId the worker's wait an assignment answers, or null */
    static Effects of(Task before, TaskState next, List<EventRecord> events, List<WebhookDelivery> deliveries,
                      Optional<Reply> reply, String pollId) {
        Task task = next.task();
        boolean changed = before == null || (before != task && !before.equals(task));
        return new Effects(task, changed, events, deliveries, reply, null, Kind.CHANGE, next.generation(),
                next.released(), PoolNews.of(before, task, pollId, next.nextIndex() - 1));
    }

    static Effects imported(Task before, TaskState next, List<EventRecord> events, Optional<Reply> reply) {
        return new Effects(next.task(), true, events, List.of(), reply, null, Kind.IMPORT, next.generation(), false,
                PoolNews.of(before, next.task(), null, next.nextIndex() - 1));
    }

    static Effects cleanup(TaskState current, TaskCleanup cleanup) {
        return new Effects(current.task(), true, List.of(), List.of(), Optional.empty(), cleanup, Kind.CLEANUP,
                current.generation(), current.released(), Optional.empty());
    }

    static Effects released(TaskState next, Optional<Reply> reply) {
        return new Effects(next.task(), false, List.of(), List.of(), reply, null, Kind.RELEASE, next.generation(),
                true, Optional.empty());
    }
}
