package io.taskcast.kafka.schemas.topic;

/**
 * Record header names shared by producers and the processor. The reply headers have spring-kafka's
 * request/reply names, so its {@code ReplyingKafkaTemplate} can send commands too; a command without
 * them is processed the same way, only without a reply.
 */
public final class Headers {

    /** Correlation id of a command that wants a reply; copied onto the reply. */
    public static final String CORRELATION_ID = "kafka_correlationId";
    /** Topic the reply goes to. */
    public static final String REPLY_TOPIC = "kafka_replyTopic";
    /** Partition of the reply topic the requester reads (4-byte big-endian int). */
    public static final String REPLY_PARTITION = "kafka_replyPartition";

    /** Why a record went to a dead-letter topic (UTF-8 text). */
    public static final String DLQ_REASON = "taskcast.dlq.reason";
    /** On a dead webhook delivery: how many attempts were made (decimal text). */
    public static final String DLQ_ATTEMPTS = "taskcast.dlq.attempts";
    /** Where the dead record came from: {@code topic-partition@offset}. */
    public static final String DLQ_ORIGIN = "taskcast.dlq.origin";

    /**
     * On a {@code taskcast-tasks} record written because cleanup rules came due: the applied
     * {@code TaskCleanup} as JSON. The record is the unchanged task snapshot when only events go,
     * a tombstone when the task goes. Compaction may drop it later; replay re-applies due rules.
     */
    public static final String CLEANUP = "taskcast.cleanup";

    /**
     * On the records an import writes (taskcast-extras.md §6), with its generation (decimal text).
     * On {@code taskcast-events}: first a record without value that says "forget every earlier event
     * of this task", then the imported events, which live readers do not broadcast. On
     * {@code taskcast-tasks}: the imported snapshot, which replaces the archived one even when its
     * {@code updatedAt} is older.
     */
    public static final String IMPORTED = "taskcast.imported";

    /**
     * On every record of a task that was imported, from its import on: the generation of its last
     * import (the offset of the import's command, decimal text; a later import of the task has a
     * higher one). A reader rebuilding a view from the log skips what an import superseded: the
     * records of a lower generation than the task's latest snapshot carries.
     */
    public static final String GENERATION = "taskcast.generation";

    /**
     * On a {@code taskcast-tasks} record of a task released from hot storage (taskcast-extras.md
     * §7): Redis no longer holds the task, every read is served from the archive, and a rebuild of
     * the Redis view leaves it out. Empty value.
     */
    public static final String RELEASED = "taskcast.released";

    private Headers() {
    }

    /** The header's value as a decimal number; null when absent or unreadable. */
    public static Long longValue(org.apache.kafka.common.header.Headers headers, String name) {
        org.apache.kafka.common.header.Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        try {
            return Long.parseLong(new String(header.value(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
