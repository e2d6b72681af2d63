package io.taskcast.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Picks free loopback ports and checks requested ones, so a busy port fails with a clear message. */
final class Ports {

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
     * {@code count} distinct free ports. All sockets stay open until every port is picked, so the
     * kernel cannot hand out the same port twice.
     */
    static int[] free(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free loopback port", e);
        } finally {
            sockets.forEach(Ports::closeQuietly);
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // The probe socket never accepted a connection; there is nothing left to release.
        }
    }
}
