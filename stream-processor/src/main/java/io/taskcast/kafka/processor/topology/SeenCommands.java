package io.taskcast.kafka.processor.topology;

import org.apache.kafka.streams.state.WindowStore;

import java.util.OptionalLong;

/**
 * The commands each task has had lately, by command id, so that a second copy of one is skipped.
 * <p>
 * An idempotent producer still writes a record twice in one case: a broker stalls (paused, or
 * its disk hangs) with a request already received, the request times out in the producer, the
 * producer bumps its epoch and sends what it was retrying under new sequence numbers, and the
 * broker later appends the stalled request as well. The ingest's producer gives up after its send
 * timeout (15 s), so a stall that long is enough. Both copies carry the command's id and, being
 * the same batch, its timestamp: a copy is a command this task had with the same id and timestamp.
 * <p>
 * Kept in a window store of the processor's transaction, so a command and its "seen" mark are
 * committed together; entries older than the store's retention, in stream time, are dropped with
 * their segment.
 */
final class SeenCommands {

    private final WindowStore<String, Long> store;

    /** @param store a window store whose retention is how long a command id is remembered */
    SeenCommands(WindowStore<String, Long> store) {
        this.store = store;
    }

    /**
     * The offset of an earlier copy of this command with the same timestamp, if this task had one
     * within the store's retention. A point lookup: a range over the retention would open an
     * iterator on each of the store's segments for every command.
     */
    OptionalLong earlierCopy(String taskId, String commandId, long timestamp) {
        Long offset = store.fetch(key(taskId, commandId), timestamp);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** Marks this command as had, at the offset where it was read. */
    void remember(String taskId, String commandId, long timestamp, long offset) {
        store.put(key(taskId, commandId), offset, timestamp);
    }

    private static String key(String taskId, String commandId) {
        // A NUL cannot occur in a task id: CommandValidation refuses control characters in one.
        return taskId + '\u0000' + commandId;
    }
}
