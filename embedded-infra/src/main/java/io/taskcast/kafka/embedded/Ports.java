package io.taskcast.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Picks free ports and checks requested ones, so a busy port fails with a clear message. */
public final class Ports {

    private static final int FIRST = 15_000;
    private static final int LAST = 32_000;
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(LAST - FIRST));

    private Ports() {
    }

    /** The requested port after checking it is free, or a free one when {@code port} is 0. */
    static int resolve(int port, String component) {
        if (port == 0) {
            return free(1)[0];
        }
        requireFree(port, component);
        return port;
    }

    /** Throws the start failure for a busy port; port 0 (any free port) always passes. */
    static void requireFree(int port, String component) {
        if (port != 0 && !isFree(port)) {
            throw new EmbeddedStartException(component, port, "port already in use");
        }
    }

    /**
     * {@code count} distinct ports nobody listens on, taken from below Linux's ephemeral range
     * (32768–60999 by default), which is where {@code bind(0)} and every outgoing connection get
     * theirs: a port picked here is not taken by a connection between the pick and the bind, nor
     * while a server killed on it waits to start again. Each port is handed out once per JVM, from a
     * random start, so two JVMs rarely meet; a port in use is skipped.
     */
    public static int[] free(int count) {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = nextFree();
        }
        return ports;
    }

    private static int nextFree() {
        for (int tried = 0; tried < LAST - FIRST; tried++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), LAST - FIRST);
            if (isFree(port)) {
                return port;
            }
        }
        throw new UncheckedIOException(new IOException("No free port from " + FIRST + " to " + LAST));
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
