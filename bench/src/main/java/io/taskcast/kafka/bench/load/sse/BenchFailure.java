package io.taskcast.kafka.bench.load.sse;

/** A check of a scenario failed: the run is reported as FAILED with this message, never as a result. */
final class BenchFailure extends RuntimeException {

    BenchFailure(String message) {
        super(message);
    }
}
