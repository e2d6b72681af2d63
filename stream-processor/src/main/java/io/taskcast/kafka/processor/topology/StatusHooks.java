package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.hooks.TaskFailed;
import io.taskcast.kafka.platform.hooks.TaskTimedOut;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;

import java.util.List;

/**
 * Tells the hooks about tasks that just failed or timed out. Called from the view stage, which
 * sees every applied change before its transaction commits: the one place that sees each change
 * once per processing (readers of the committed topics are the gateway, which every instance
 * runs, and the archiver, which only runs with Postgres). A retried transaction calls it again,
 * hence at least once (see {@link io.taskcast.kafka.platform.hooks.TaskcastHooks}).
 */
final class StatusHooks {

    private final HookDispatcher hooks;

    StatusHooks(HookDispatcher hooks) {
        this.hooks = hooks;
    }

    /** Only a change that moved the task (it emitted a status event) into {@code failed} or {@code timeout}. */
    void changed(Task task, List<EventRecord> events) {
        if (task.status() != TaskStatus.FAILED && task.status() != TaskStatus.TIMEOUT) {
            return;
        }
        if (events.stream().noneMatch(r -> TaskEvent.STATUS_TYPE.equals(r.event().type()))) {
            return;
        }
        if (task.status() == TaskStatus.FAILED) {
            hooks.taskFailed(new TaskFailed(task.id(), task.type(), task.error() == null ? null : task.error().code(),
                    task.error() == null ? null : task.error().message(), task.updatedAt()));
        } else {
            hooks.taskTimedOut(new TaskTimedOut(task.id(), task.type(), task.ttl(), task.updatedAt()));
        }
    }
}
