package io.taskcast.kafka.launcher;

import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.List;

/**
 * One Taskcast (every role, in this JVM) on the shared embedded stack, for the IT classes that
 * take an {@link Http} parameter. Register after {@link EmbeddedStackExtension}: both live in the
 * root store, which closes in reverse order, so the application stops before the stack it uses.
 */
final class SharedTaskcast implements BeforeAllCallback, ParameterResolver {

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

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Http.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return app(context).http();
    }

    private static App app(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(App.class, key -> {
            var stack = EmbeddedStackExtension.stack();
            int port = FreePort.next();
            ConfigurableApplicationContext app = Launch.start(new Launch.Settings(port,
                    List.of("processor", "ingest", "gateway", "webhooks"), stack.kafkaBootstrapServers(),
                    stack.redisUrl(), stack.postgresUrl(), Path.of("target", "it-streams-" + port)));
            return new App(app, new Http(port));
        }, App.class);
    }
}
