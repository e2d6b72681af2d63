package io.taskcast.kafka.platform.kafka;

/** An existing topic is set up so that running on it would lose data; the message names topic and setting. */
public final class TopicMismatchException extends RuntimeException {

    public TopicMismatchException(String message) {
        super(message);
    }
}
