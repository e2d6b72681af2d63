package io.taskcast.kafka.launcher;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;

/**
 * Closes what the launcher started, newest first, when the JVM is asked to stop (Ctrl-C, SIGTERM):
 * the application before the embedded infrastructure it writes to. Installed before anything
 * starts, so a stop during start-up leaves no server behind either.
 */
final class Shutdown {

    private final Deque<AutoCloseable> resources = new ConcurrentLinkedDeque<>();
    private final CountDownLatch done = new CountDownLatch(1);

    private Shutdown() {
    }

    static Shutdown install() {
        Shutdown shutdown = new Shutdown();
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown::run, "taskcast-shutdown"));
        return shutdown;
    }

    void closeOnExit(AutoCloseable resource) {
        if (resource != null) {
            resources.push(resource);
        }
    }

    /** Closes everything now (a failed start), so the hook has nothing left to do. */
    void closeAll() {
        for (AutoCloseable r = resources.poll(); r != null; r = resources.poll()) {
            closeQuietly(r);
        }
    }

    /** Blocks until the hook has closed everything. */
    void await() {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        if (!resources.isEmpty()) {
            LogFormat.say("Stopping Taskcast...");
            closeAll();
            LogFormat.say("Stopped.");
        }
        done.countDown();
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("taskcast: while stopping: " + StartupFailure.explain(e));
        }
    }
}
