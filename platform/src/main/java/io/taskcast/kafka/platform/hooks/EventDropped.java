package io.taskcast.kafka.platform.hooks;

/**
 * An event that did not reach a subscriber. The event stays in the log and in the views: a
 * subscriber that resumes with {@code Last-Event-ID} gets it.
 *
 * @param taskId     null when the record could not be read
 * @param eventId    null when the record could not be read
 * @param eventIndex -1 when the record could not be read
 * @param eventType  null when the record could not be read
 * @param detail     which stream or which record, for operators
 */
public record EventDropped(String taskId, String eventId, long eventIndex, String eventType, Reason reason,
                           String detail) {

    public enum Reason {
        /** The SSE client fell more than the gateway's buffer behind; its stream was closed. */
        SUBSCRIBER_TOO_SLOW,
        /** The gateway could not read the record from the events topic and skipped it for its live streams. */
        UNREADABLE_RECORD
    }
}
