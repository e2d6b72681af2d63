package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.command.ReleaseStorage;

import java.util.Objects;

/**
 * A finished task released from hot storage (taskcast-extras.md §7), once nothing it holds could
 * be lost: it is finished (so it can no longer change, and no write needs its Redis history), its
 * last event index and last change are what the caller expects, and the archive holds it as it
 * is. A task released before is answered as such, without a change.
 */
final class Releases {

    static final String PRECONDITION_FAILED = "storage_precondition_failed";

    private Releases() {
    }

    static Decision apply(TaskState current, ReleaseStorage command) {
        if (current.released()) {
            return new Decision.Released(current, false);
        }
        Task task = current.task();
        long lastIndex = current.nextIndex() - 1;
        if (!task.status().isTerminal()) {
            return refused("Only a finished task can be released from hot storage; task " + task.id() + " is "
                    + task.status().wireName());
        }
        if (lastIndex != command.expectedLastEventIndex()) {
            return refused("The task's last event index is " + lastIndex + ", not the expected "
                    + command.expectedLastEventIndex());
        }
        if (task.updatedAt() > command.inactiveSince()) {
            return refused("The task changed at " + task.updatedAt() + ", after inactiveSince "
                    + command.inactiveSince());
        }
        if (command.archivedThrough() < lastIndex || !Objects.equals(command.archivedUpdatedAt(), task.updatedAt())) {
            return refused("The archive does not hold the task as it is yet (events archived through index "
                    + command.archivedThrough() + " of " + lastIndex + "); retry shortly");
        }
        return new Decision.Released(current.releasedFromHotStorage(), true);
    }

    private static Decision.Refused refused(String message) {
        return new Decision.Refused(409, PRECONDITION_FAILED, message);
    }
}
