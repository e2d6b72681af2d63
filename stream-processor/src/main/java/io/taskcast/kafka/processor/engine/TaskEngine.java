package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.TimerKind;
import io.taskcast.kafka.schemas.cleanup.CleanupRule;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;
import io.taskcast.kafka.schemas.command.AssignTask;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.DeclineTask;
import io.taskcast.kafka.schemas.command.CreateTask;
import io.taskcast.kafka.schemas.command.EventInput;
import io.taskcast.kafka.schemas.command.FireTimer;
import io.taskcast.kafka.schemas.command.ImportTask;
import io.taskcast.kafka.schemas.command.PublishEvents;
import io.taskcast.kafka.schemas.command.ReleaseStorage;
import io.taskcast.kafka.schemas.command.ResolveTask;
import io.taskcast.kafka.schemas.command.TransitionTask;
import io.taskcast.kafka.schemas.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;

/**
 * The task engine as a pure function: (current state, command, command time) → decision. No I/O,
 * no clock: everything it produces derives from its arguments, so a retried Kafka transaction
 * produces identical output (architecture invariant 3).
 */
public final class TaskEngine {

    private TaskEngine() {
    }

    /** @param current the task's state, or null when no task has this id */
    public static Decision decide(TaskState current, Command command, long now) {
        return decide(current, command, now, Cleanups.none());
    }

    /**
     * @param current  the task's state, or null when no task has this id
     * @param cleanups the cleanup rules of configuration, applied after the task's own
     */
    public static Decision decide(TaskState current, Command command, long now, Cleanups cleanups) {
        if (command instanceof CreateTask create) {
            return create(current, create, now);
        }
        if (command instanceof ImportTask imported) {
            return Imports.apply(current, imported, now);
        }
        if (current == null || current.removed()) {
            return command instanceof FireTimer ? new Decision.Ignored("task is gone")
                    : Rejections.notFound(command.taskId());
        }
        if (command instanceof TransitionTask t) {
            return transition(current, t, now);
        }
        if (command instanceof PublishEvents p) {
            return publish(current, p, now);
        }
        if (command instanceof ResolveTask r) {
            return resolve(current, r, now);
        }
        if (command instanceof ReleaseStorage r) {
            return Releases.apply(current, r);
        }
        if (command instanceof AssignTask a) {
            return Assignments.assign(current, a, now);
        }
        if (command instanceof DeclineTask d) {
            return Assignments.decline(current, d, now);
        }
        return fire(current, (FireTimer) command, now, cleanups);
    }

    /** A removed task's id stays taken: its events are still in the log under that key. */
    private static Decision create(TaskState current, CreateTask c, long now) {
        if (current != null) {
            return Rejections.alreadyExists(c.taskId());
        }
        Task task = Task.created(c.taskId(), c.type(), c.params(), c.metadata(), c.ttl(), c.authConfig(),
                c.webhooks(), c.cleanup(), c.tags(), now)
                .withAssignment(c.assignMode(), c.cost(), c.assignedWorker(), c.disconnectPolicy());
        return new Decision.Applied(TaskState.created(task), List.of());
    }

    private static Decision transition(TaskState current, TransitionTask t, long now) {
        TaskStatus from = current.task().status();
        if (!Transitions.isAllowed(from, t.status())) {
            return Rejections.invalidTransition(from, t.status());
        }
        var payload = new TransitionRules.Payload(t.result(), t.error(), t.reason(), t.ttl(), t.resumeAfterMs(),
                t.blockedRequest());
        return moved(current, t.commandId(), t.status(), payload, now).applied();
    }

    private static Decision publish(TaskState current, PublishEvents p, long now) {
        TaskStatus status = current.task().status();
        if (status.isTerminal()) {
            return Rejections.terminal(status);
        }
        Emitter emitter = new Emitter(current, p.commandId(), now);
        for (EventInput input : p.events()) {
            emitter.publish(input);
        }
        return emitter.applied(current);
    }

    /** blocked → running, result = the resolution (wrapped unless an object), then {@code taskcast:resolved}. */
    private static Decision resolve(TaskState current, ResolveTask r, long now) {
        if (current.task().status() != TaskStatus.BLOCKED) {
            return Rejections.notBlocked();
        }
        JsonNode result = r.data().isObject() ? r.data() : Json.mapper().createObjectNode().set("resolution", r.data());
        var payload = new TransitionRules.Payload(result, null, null, null, null, null);
        Moved moved = moved(current, r.commandId(), TaskStatus.RUNNING, payload, now);
        ObjectNode resolved = Json.mapper().createObjectNode();
        resolved.set("resolution", r.data());
        moved.emitter().system(TaskEvent.RESOLVED_TYPE, resolved);
        return moved.applied();
    }

    /** A due timer acts only if the task still has it; otherwise the task moved on and it is stale. */
    private static Decision fire(TaskState current, FireTimer timer, long now, Cleanups cleanups) {
        Task task = current.task();
        if (timer.kind() == TimerKind.CLEANUP) {
            return cleanUp(current, timer, cleanups);
        }
        if (timer.kind() == TimerKind.TTL && Objects.equals(current.ttlDeadline(), timer.dueAt())
                && Transitions.isAllowed(task.status(), TaskStatus.TIMEOUT)) {
            return moved(current, timer.commandId(), TaskStatus.TIMEOUT, TransitionRules.Payload.NONE, now).applied();
        }
        if (timer.kind() == TimerKind.RESUME && task.status() == TaskStatus.BLOCKED
                && Objects.equals(task.resumeAt(), timer.dueAt())) {
            return moved(current, timer.commandId(), TaskStatus.RUNNING, TransitionRules.Payload.NONE, now).applied();
        }
        return new Decision.Ignored(timer.kind().wireName() + " timer at " + timer.dueAt() + " is stale");
    }

    /**
     * Applies the cleanup rules due by the timer's time. Their effect on the views depends only on
     * the rules and the task's completion time, so a retried transaction removes the same events.
     */
    private static Decision cleanUp(TaskState current, FireTimer timer, Cleanups cleanups) {
        List<CleanupRule> due = cleanups.dueBy(current, timer.dueAt());
        if (due.isEmpty()) {
            return new Decision.Ignored("no cleanup rule of task " + current.task().id() + " is due at " + timer.dueAt());
        }
        TaskCleanup cleanup = TaskCleanup.of(current.task(), due);
        TaskState next = cleanup.removesTask() ? current.removedAt(timer.dueAt()) : current.cleanedUpTo(timer.dueAt());
        return new Decision.CleanedUp(next, cleanup);
    }

    /** Applies a transition and emits its status event. */
    private static Moved moved(TaskState current, String commandId, TaskStatus to, TransitionRules.Payload payload,
                               long now) {
        TaskState next = TransitionRules.apply(current, to, payload, now);
        Emitter emitter = new Emitter(current, commandId, now);
        emitter.system(TaskEvent.STATUS_TYPE, TransitionRules.statusData(next.task()));
        return new Moved(next, emitter);
    }

    private record Moved(TaskState next, Emitter emitter) {
        Decision.Applied applied() {
            return emitter.applied(next);
        }
    }
}
