package io.taskcast.kafka.schemas.command;

import io.taskcast.kafka.schemas.TimerKind;

/**
 * A task's timer came due: written by the processor's own clock to {@code taskcast-commands}, so
 * that time-driven changes are ordinary commands in the log (architecture invariant 3). It takes
 * effect only if the task still has that timer at {@code dueAt}; a stale one is ignored.
 */
public record FireTimer(String commandId, String taskId, TimerKind kind, long dueAt) implements Command {
}
