package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.FreePort;
import io.taskcast.kafka.launcher.Launch;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One Taskcast (every role, in this JVM) on the shared embedded stack, for the IT classes that
 * take an {@link Http} parameter. Register after {@link EmbeddedStackExtension}: both live in the
 * root store, which closes in reverse order, so the application stops before the stack it uses.
 * Apps are never closed earlier: Reactor Netty's event loops are shared by every server in the
 * JVM, and closing one application would stop the others' servers too.
 */
final class SharedTaskcast implements BeforeAllCallback, ParameterResolver {

    private static final List<String> ALL_ROLES = List.of("processor", "ingest", "gateway", "webhooks");

    private final String name;
    private final List<String> roles;
    private final Map<String, String> environment;

    /** The default app: every role, default settings (auth mode none). */
    SharedTaskcast() {
        this("default", ALL_ROLES, Map.of());
    }

    private SharedTaskcast(String name, List<String> roles, Map<String, String> environment) {
        this.name = name;
        this.roles = roles;
        this.environment = environment;
    }

    /** Another shared app, told apart by {@code name}, started with these TASKCAST_* variables. */
    static SharedTaskcast withEnvironment(String name, Map<String, String> environment) {
        return new SharedTaskcast(name, ALL_ROLES, environment);
    }

    /** Another shared app running only {@code roles}. */
    static SharedTaskcast withRoles(String name, List<String> roles, Map<String, String> environment) {
        return new SharedTaskcast(name, roles, environment);
    }

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedTaskcast.class);

    private record App(ConfigurableApplicationContext context, Http http) implements AutoCloseable {
        @Override
        public void close() {
            context.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        app(context);
    }

    /** The app's {@link Http}, or the {@link Stores} of the embedded stack (one for all, closed at the end). */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Http.class || parameter.getParameter().getType() == Stores.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == Stores.class) {
            return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Stores.class,
                    key -> Stores.open(EmbeddedStackExtension.stack()), Stores.class);
        }
        return app(context).http();
    }

    private App app(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(name, key -> {
            var stack = EmbeddedStackExtension.stack();
            int port = FreePort.next();
            ConfigurableApplicationContext app = Launch.start(new Launch.Settings(port, roles,
                    stack.kafkaBootstrapServers(), stack.redisUrl(), stack.postgresUrl(),
                    Path.of("target", "it-streams-" + port)), environment);
            return new App(app, new Http(port));
        }, App.class);
    }
}
