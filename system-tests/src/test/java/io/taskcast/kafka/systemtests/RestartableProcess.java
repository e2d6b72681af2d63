package io.taskcast.kafka.systemtests;

import java.time.Duration;
import java.util.function.Supplier;

/** A role run as a process that a test kills with SIGKILL and starts again, each time as {@code starter} starts it. */
final class RestartableProcess implements AutoCloseable {

    private final Supplier<TaskcastProcess> starter;
    private final Duration ready;
    private TaskcastProcess current;

    /** @param ready how long each start may take to print that it is ready */
    RestartableProcess(Supplier<TaskcastProcess> starter, Duration ready) {
        this.starter = starter;
        this.ready = ready;
    }

    void start() {
        current = starter.get();
        current.awaitReady(ready);
    }

    void killAndRestart() throws InterruptedException {
        current.kill();
        start();
    }

    TaskcastProcess current() {
        return current;
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
        }
    }
}
