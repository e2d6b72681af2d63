package io.taskcast.kafka.schemas.command;

/**
 * Releases a finished task from hot storage (taskcast-extras.md §7): Redis lets it go and every
 * read is served from the archive. Applied only when the task's last event index is
 * {@code expectedLastEventIndex}, it has not changed after {@code inactiveSince}, and the archive,
 * as the sender saw it, holds the task as it is: its snapshot of {@code archivedUpdatedAt} and every
 * event through index {@code archivedThrough}.
 *
 * @param archivedThrough   the highest event index the archive held, -1 for none
 * @param archivedUpdatedAt the {@code updatedAt} of the archive's snapshot of the task; null when it had none
 */
public record ReleaseStorage(String commandId, String taskId, long expectedLastEventIndex, long inactiveSince,
                             long archivedThrough, Long archivedUpdatedAt) implements Command {
}
