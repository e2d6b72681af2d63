package io.taskcast.kafka.launcher;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Taskcast's configuration file ({@code taskcast.config.yaml}): where it is found, how it is read and
 * how {@code ${VAR}} / {@code ${VAR:-fallback}} in its values are filled from the environment. What
 * its keys mean is {@link ConfigKeys}' business. Every problem is a {@link StartupFailure} naming the
 * file and, where there is one, the key.
 *
 * <p>Interpolation happens on parsed string values, not on the raw text, so a variable holding a
 * colon, a quote or a newline cannot change the file's structure.
 */
final class ConfigFile {

    /** Looked up in this order in the working directory, then in {@code ~/.taskcast/}, as Taskcast does. */
    static final List<String> NAMES = List.of("taskcast.config.yaml", "taskcast.config.yml", "taskcast.config.json");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private ConfigFile() {
    }

    /**
     * The file to read: the explicit one (which must exist), else the first of {@link #NAMES} in
     * {@code workingDir}, then in {@code home/.taskcast}; empty when there is none.
     */
    static Optional<Path> locate(Path explicit, Path workingDir, Path home) {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw new StartupFailure("Configuration file " + explicit + " (--config) does not exist");
            }
            return Optional.of(explicit);
        }
        List<Path> candidates = new ArrayList<>();
        NAMES.forEach(name -> candidates.add(workingDir.resolve(name)));
        if (home != null) {
            NAMES.forEach(name -> candidates.add(home.resolve(".taskcast").resolve(name)));
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst();
    }

    /** The file's tree with every {@code ${VAR}} filled in from {@code environment}. */
    static Map<String, Object> read(Path file, Map<String, String> environment) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new StartupFailure("Cannot read configuration file " + file + ": " + e.getMessage());
        }
        Object tree = parse(file, text);
        if (tree == null) {
            return Map.of();
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new StartupFailure(file + ": the top level must be a mapping of keys (port, auth, kafka, ...)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> interpolated = (Map<String, Object>) interpolate(file, "", map, environment);
        return interpolated;
    }

    private static Object parse(Path file, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            return new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            throw new StartupFailure(file + " is not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
    }

    private static Object interpolate(Path file, String key, Object value, Map<String, String> environment) {
        if (value instanceof String s) {
            return fill(file, key, s, environment);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String child = key.isEmpty() ? String.valueOf(k) : key + "." + k;
                out.put(String.valueOf(k), interpolate(file, child, v, environment));
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(interpolate(file, key + "[" + i + "]", list.get(i), environment));
            }
            return out;
        }
        return value;
    }

    /** Replaces each {@code ${VAR}}; an unset variable without a fallback is an error, not an empty string. */
    static String fill(Path file, String key, String value, Map<String, String> environment) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = environment.get(m.group(1));
            if (replacement == null) {
                replacement = m.group(2);
            }
            if (replacement == null) {
                throw new StartupFailure(file + ": " + key + " uses ${" + m.group(1) + "}, but environment variable "
                        + m.group(1) + " is not set (write ${" + m.group(1) + ":-fallback} to give a fallback)");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
