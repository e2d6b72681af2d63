package io.taskcast.kafka.testkit;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.embedded.EmbeddedStack.Options;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Shares one ephemeral {@link EmbeddedStack} (Kafka, Redis, PostgreSQL on free ports) across all
 * test classes of a test JVM: starting it costs a few seconds, so it starts once, on the first
 * class that uses this extension, and stops when the JVM's test run ends.
 *
 * <p>Use {@code @ExtendWith(EmbeddedStackExtension.class)} and take an {@link EmbeddedStack}
 * parameter in a constructor, a {@code @BeforeAll} or a test method, or call {@link #stack()}.
 * Tests sharing the stack must use their own topic names, keys and tables.
 */
public final class EmbeddedStackExtension implements BeforeAllCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(EmbeddedStackExtension.class);

    private static volatile EmbeddedStack stack;

    /** The shared stack; only valid once the extension has run for a test class. */
    public static EmbeddedStack stack() {
        EmbeddedStack current = stack;
        if (current == null) {
            throw new IllegalStateException(
                    "The embedded stack is not started: register @ExtendWith(EmbeddedStackExtension.class) on the test class");
        }
        return current;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        sharedStack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return sharedStack(context);
    }

    /**
     * Kept in the root store, which JUnit closes (as an {@link AutoCloseable}) after the last test
     * of the JVM; the store also makes the start happen once even with parallel test classes.
     */
    private static EmbeddedStack sharedStack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(SharedStack.class, key -> new SharedStack(start()), SharedStack.class)
                .stack();
    }

    /** Forgets the static reference on close, so {@link #stack()} never hands out a stopped stack. */
    private record SharedStack(EmbeddedStack stack) implements AutoCloseable {
        @Override
        public void close() {
            EmbeddedStackExtension.stack = null;
            stack.close();
        }
    }

    private static EmbeddedStack start() {
        // Relative to the working directory, which Maven sets to the module's basedir.
        Path target = Path.of("target").toAbsolutePath();
        Options options = Options.ephemeral(target.resolve("embedded-stack-" + UUID.randomUUID()))
                // Outside the per-run directory so PostgreSQL is unpacked once per module, not per run.
                .withPostgresBinariesDir(target.resolve("embedded-pg-bin"));
        EmbeddedStack started = EmbeddedStack.start(options);
        stack = started;
        return started;
    }
}
