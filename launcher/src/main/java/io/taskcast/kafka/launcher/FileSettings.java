package io.taskcast.kafka.launcher;

import java.nio.file.Path;
import java.util.Map;

/**
 * The settings a configuration file sets, by Spring property name, and the file they came from
 * ({@code null} when there is none). They rank below flags and environment variables.
 */
record FileSettings(Path source, Map<String, Object> properties) {

    static final FileSettings NONE = new FileSettings(null, Map.of());

    FileSettings {
        properties = Map.copyOf(properties);
    }

    /** Finds and reads the file: {@code explicit} if given, else {@code taskcast.config.yaml} and friends. */
    static FileSettings load(Path explicit, Path workingDir, Path home, Map<String, String> environment) {
        return ConfigFile.locate(explicit, workingDir, home)
                .map(file -> new FileSettings(file, ConfigKeys.toProperties(file, ConfigFile.read(file, environment))))
                .orElse(NONE);
    }

    /** From the process's working directory, home and environment. */
    static FileSettings load(Path explicit) {
        String home = System.getProperty("user.home");
        return load(explicit, Path.of("").toAbsolutePath(), home == null ? null : Path.of(home), System.getenv());
    }

    /** The value of {@code property}, or {@code fallback} when the file does not set it. */
    String text(String property, String fallback) {
        Object value = properties.get(property);
        return value == null ? fallback : value.toString();
    }
}
