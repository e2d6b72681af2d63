package io.taskcast.kafka.launcher;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the Spring application with the chosen roles and connections.
 */
public final class Launch {

    /** Everything one start needs; {@code stateDir} holds the processor's local stores. */
    public record Settings(int port, List<String> roles, String kafka, String redisUrl, String postgresUrl, Path stateDir) {
    }

    private Launch() {
    }

    static void requirePortFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new StartupFailure("Port " + port + " is already in use; choose another with --port or TASKCAST_PORT");
        }
    }

    public static ConfigurableApplicationContext start(Settings settings) {
        return start(settings, System.getenv());
    }

    /** @param environment where the documented {@code TASKCAST_*} variables are read from */
    public static ConfigurableApplicationContext start(Settings settings, Map<String, String> environment) {
        return start(settings, environment, FileSettings.NONE);
    }

    /**
     * Flags and the documented variables go first; the configuration file goes just below the
     * process environment (which Spring also reads by its relaxed rules), so any variable beats the
     * file, and the file beats {@code application.properties} and the defaults.
     */
    public static ConfigurableApplicationContext start(Settings settings, Map<String, String> environment,
                                                FileSettings file) {
        // Every role serves HTTP, if only /actuator/health and /actuator/prometheus: the API routes
        // come with the ingest and gateway roles' auto-configurations.
        SpringApplicationBuilder app = new SpringApplicationBuilder(TaskcastApplication.class)
                .web(WebApplicationType.REACTIVE)
                .listeners(new LogFormat.FromEnvironment())
                .registerShutdownHook(false)
                .initializers(context -> addSettings(context.getEnvironment().getPropertySources(), settings,
                        environment, file));
        return app.run();
    }

    static void addSettings(MutablePropertySources sources, Settings settings, Map<String, String> environment,
                            FileSettings file) {
        sources.addFirst(new MapPropertySource("taskcast-launcher", properties(settings, environment)));
        MapPropertySource fileSource = new MapPropertySource("taskcast-config-file", file.properties());
        if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, fileSource);
        } else {
            sources.addLast(fileSource);
        }
    }

    private static boolean servesApi(List<String> roles) {
        return roles.contains("ingest") || roles.contains("gateway");
    }

    /** Flags (already resolved with their environment fallback) win over the other variables. */
    static Map<String, Object> properties(Settings s, Map<String, String> environment) {
        Map<String, Object> p = new LinkedHashMap<>(EnvironmentAliases.resolve(environment));
        p.put("server.port", s.port());
        p.put("taskcast.roles", String.join(",", s.roles()));
        putIfSet(p, "taskcast.kafka.bootstrap-servers", s.kafka());
        putIfSet(p, "taskcast.redis.url", s.redisUrl());
        putIfSet(p, "taskcast.postgres.url", s.postgresUrl());
        p.put("taskcast.processor.state-dir", s.stateDir().toAbsolutePath().toString());
        if (!servesApi(s.roles())) {
            // No API here, so no API description either: only the actuator endpoints.
            p.put("springdoc.api-docs.enabled", false);
            p.put("springdoc.swagger-ui.enabled", false);
        }
        return p;
    }

    private static void putIfSet(Map<String, Object> p, String key, String value) {
        if (value != null && !value.isBlank()) {
            p.put(key, value);
        }
    }
}
