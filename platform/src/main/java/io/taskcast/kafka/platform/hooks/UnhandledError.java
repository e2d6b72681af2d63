package io.taskcast.kafka.platform.hooks;

/**
 * An error that no code path handled. The exception is passed as thrown, for its type and stack;
 * its message is what the failing library wrote.
 *
 * @param role    where it happened: {@code processor}, {@code ingest}, {@code gateway}, {@code webhooks}
 * @param context what was being done, e.g. {@code POST /tasks} or {@code processor stream thread}
 */
public record UnhandledError(String role, String context, Throwable error) {
}
