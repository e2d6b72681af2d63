package io.taskcast.kafka.platform.kafka;

/** Kafka could not be reached or refused a start-up operation; the message says where and why. */
public final class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
