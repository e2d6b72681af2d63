package io.taskcast.kafka.testkit;

import io.taskcast.kafka.embedded.Ports;

/**
 * A port nobody listens on right now, and that the kernel will not hand to anyone by itself (from
 * below its ephemeral range, see {@link Ports#free}): a test that kills a server and starts it again
 * on the same port can count on finding it free, even while other tests open connections meanwhile.
 */
public final class FreePort {

    private FreePort() {
    }

    public static int next() {
        return Ports.free(1)[0];
    }
}
