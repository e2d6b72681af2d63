package io.taskcast.kafka.testkit;

import io.taskcast.kafka.embedded.EmbeddedStack;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** Every stack instance handed to a test in this JVM, whichever test class runs first. */
final class SeenStacks {

    static final Set<EmbeddedStack> ALL = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    private SeenStacks() {
    }
}
