package io.taskcast.kafka.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A port nobody listens on right now, and that the kernel will not hand to anyone by itself: ports
 * come from below Linux's ephemeral range (32768–60999 by default), which is where {@code bind(0)}
 * and every outgoing connection take theirs. A test that kills a server and starts it again on the
 * same port can then count on finding it free, even while other tests open connections meanwhile.
 * Each port is handed out once per JVM, from a random start, so two JVMs rarely meet.
 */
public final class FreePort {

    private static final int FIRST = 15_000;
    private static final int LAST = 32_000;
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(LAST - FIRST));

    private FreePort() {
    }

    public static int next() {
        for (int tried = 0; tried < LAST - FIRST; tried++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), LAST - FIRST);
            if (free(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port from " + FIRST + " to " + LAST);
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
