package io.taskcast.kafka.launcher;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * docker-compose.yml (and the files it mounts from deploy/) read the way Compose reads them: YAML
 * with anchors and merge keys resolved, which SnakeYAML's loader does and a streaming parser does not.
 */
record ComposeFile(Path repository, Map<String, Object> document) {

    static ComposeFile load() {
        Path repository = findRepository();
        return new ComposeFile(repository, yaml(repository.resolve("docker-compose.yml")));
    }

    static Map<String, Object> yaml(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    Map<String, Map<String, Object>> services() {
        return map(document, "services");
    }

    /** Service name → definition, in file order, of the services whose image matches. */
    Map<String, Map<String, Object>> servicesWithImage(Predicate<String> image) {
        Map<String, Map<String, Object>> matching = new LinkedHashMap<>();
        services().forEach((name, service) -> {
            if (image.test(String.valueOf(service.get("image")))) {
                matching.put(name, service);
            }
        });
        return matching;
    }

    /** A service's environment as a map, whichever of Compose's two forms (map or KEY=VALUE list) it uses. */
    static Map<String, String> environment(Map<String, Object> service) {
        Object environment = service.get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> entries) {
            entries.forEach((k, v) -> result.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else if (environment instanceof List<?> lines) {
            lines.forEach(line -> {
                String[] parts = String.valueOf(line).split("=", 2);
                result.put(parts[0], parts.length > 1 ? parts[1] : null);
            });
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    static <T> T map(Map<String, Object> parent, String key) {
        return (T) parent.get(key);
    }

    private static Path findRepository() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("launcher"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No docker-compose.yml above " + Path.of("").toAbsolutePath());
    }
}
