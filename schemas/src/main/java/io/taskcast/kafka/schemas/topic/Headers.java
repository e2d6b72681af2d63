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
     * Written by an import (taskcast-extras.md §6), with the import's generation (the offset of its
     * command, decimal text; later imports of a task have higher ones). On {@code taskcast-events}:
     * first a record without value that says "forget every earlier event of this task", then the
     * imported events, each with the header, which live readers do not broadcast. On
     * {@code taskcast-tasks}: the imported snapshot, which replaces the archived one even when its
     * {@code updatedAt} is older.
     */
    public static final String IMPORT = "taskcast.import";

    /**
     * On a {@code taskcast-tasks} record of a task released from hot storage (taskcast-extras.md
     * §7): Redis no longer holds the task, every read is served from the archive, and a rebuild of
     * the Redis view leaves it out. Empty value.
     */
    public static final String RELEASED = "taskcast.released";

    private Headers() {
    }
}
