package io.taskcast.kafka.gateway.stream;

import reactor.core.publisher.Mono;

/** The connection a stream is written to, as much of it as a stream needs. */
public interface StreamClient {

    /** No connection to watch or close: a stream served without a network server (unit tests). */
    StreamClient NONE = new StreamClient() {
        @Override
        public Mono<Void> closed() {
            return Mono.never();
        }

        @Override
        public void fellBehind(String stream) {
        }
    };

    /** Completes when the connection closes, also when it closed before anyone asked. */
    Mono<Void> closed();

    /**
     * Told once, on the live reader's thread, when {@code stream} was closed for falling behind.
     * Its frames end after those already on their way; a client that does not take those either
     * must not hold the connection, and what it held, for good. Must not block.
     */
    void fellBehind(String stream);
}
