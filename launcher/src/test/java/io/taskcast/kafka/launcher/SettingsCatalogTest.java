package io.taskcast.kafka.launcher;

import io.taskcast.kafka.platform.auth.AuthProperties;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.unit.DataSize;
import picocli.CommandLine;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One source for every setting: each component of every properties record can be set from the
 * configuration file, from the environment and with {@code --set}, under names derived from it, and
 * reaches the record; {@code replay} reads the same names into the same records.
 */
class SettingsCatalogTest {

    private static final Path FILE = Path.of("taskcast.config.yaml");
    /** What every record needs bound to be valid at all. */
    private static final Map<String, Object> BASE = Map.of(
            "taskcast.kafka.bootstrap-servers", "base:9092",
            "taskcast.redis.url", "redis://base:6379",
            "taskcast.auth.jwt.secret", "a-secret-of-more-than-thirty-two-bytes-for-hs512-and-more-bytes-still");
    private static final String CLEANUP = "[{\"target\":\"all\",\"trigger\":{\"afterMs\":1000}}]";
    private static final String WEBHOOKS = "[{\"url\":\"https://hooks.example.com/all\"}]";
    private static final String TRUSTED = "[{\"name\":\"billing\",\"key\":\"k1\",\"scope\":[\"event:subscribe\"],"
            + "\"taskIds\":[\"t1\"]}]";

    @Test
    void shouldListEveryPropertiesRecordOfTheProject() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Set<String> found = new TreeSet<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("io.taskcast.kafka")) {
            found.add(candidate.getBeanClassName());
        }

        assertThat(found).isNotEmpty();
        assertThat(SettingsCatalog.SOURCES.stream().map(Class::getName).toList()).containsExactlyInAnyOrderElementsOf(found);
    }

    @Test
    void shouldSetEverySettingFromTheFileTheEnvironmentAndTheCommandLine() {
        List<String> failures = new ArrayList<>();
        for (SettingsCatalog.Setting setting : SettingsCatalog.ALL) {
            Object expected = expected(setting);
            try {
                check(setting, "file key " + setting.fileKey(), fromFile(setting), expected, failures);
            } catch (StartupFailure e) {
                failures.add("file key " + setting.fileKey() + ": " + e.getMessage());
            }
            check(setting, "variable " + setting.variable(),
                    EnvironmentAliases.resolve(Map.of(setting.variable(), text(setting))), expected, failures);
            ConnectionOptions flags = new ConnectionOptions();
            new CommandLine(flags).parseArgs("--set", setting.fileKey() + "=" + text(setting));
            check(setting, "--set " + setting.fileKey(), EnvironmentAliases.resolve(flags.environment(Map.of())),
                    expected, failures);
        }

        assertThat(SettingsCatalog.ALL).hasSizeGreaterThan(40);
        assertThat(failures).isEmpty();
    }

    @Test
    void shouldListEverySettingInTheReadme() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(Path.of("..", "README.md"));
        List<String> missing = new ArrayList<>();
        for (SettingsCatalog.Setting setting : SettingsCatalog.ALL) {
            if (!readme.contains("`" + setting.fileKey() + "`")) {
                missing.add(setting.fileKey());
            }
            if (!readme.contains("`" + setting.variable() + "`")) {
                missing.add(setting.variable());
            }
        }
        assertThat(missing).as("settings the README's Configuration section does not name").isEmpty();
    }

    @Test
    void shouldDeriveNamesFromTheProperty() {
        assertThat(SettingsCatalog.ALL).contains(new SettingsCatalog.Setting("taskcast.gateway.max-buffered",
                "gateway.maxBuffered", "TASKCAST_GATEWAY_MAX_BUFFERED", SettingsCatalog.Kind.INTEGER, null));
        assertThat(SettingsCatalog.fileKey("taskcast.webhook-worker.session-timeout")).isEqualTo("webhookWorker.sessionTimeout");
        assertThat(SettingsCatalog.variable("taskcast.webhook-worker.session-timeout"))
                .isEqualTo("TASKCAST_WEBHOOK_WORKER_SESSION_TIMEOUT");
    }

    @Test
    void shouldRefuseASetOfAnUnknownKey() {
        ConnectionOptions flags = new ConnectionOptions();
        new CommandLine(flags).parseArgs("--set", "gateway.maxBufferd=5");

        assertThatThrownBy(() -> flags.environment(Map.of())).isInstanceOf(StartupFailure.class)
                .hasMessageStartingWith("--set gateway.maxBufferd: unknown setting");
    }

    @Test
    void shouldBindReplayFromTheSameNamesAsTheServer() {
        // given: the file sets hot retention and the prefix, the environment the cleanup rules and the prefix again
        FileSettings file = new FileSettings(FILE, ConfigKeys.toProperties(FILE, Map.of(
                "hotRetention", Map.of("enabled", true, "terminalSeconds", 7),
                "kafka", Map.of("topicPrefix", "fromfile"))));
        ReplayCommand replay = new ReplayCommand();
        new CommandLine(replay).parseArgs("--target", "redis", "--kafka", "k:9092");

        // when
        Binder fromFileAndEnvironment = replay.settings(Map.of("TASKCAST_CLEANUP_RULES", CLEANUP,
                "TASKCAST_KAFKA_TOPIC_PREFIX", "fromenv"), file);
        ReplayCommand flagged = new ReplayCommand();
        new CommandLine(flagged).parseArgs("--target", "redis", "--topic-prefix", "fromflag");
        Binder withFlag = flagged.settings(Map.of("TASKCAST_KAFKA_TOPIC_PREFIX", "fromenv"), file);

        // then
        var hot = fromFileAndEnvironment.bindOrCreate("taskcast.hot-retention",
                io.taskcast.kafka.platform.config.TaskcastProperties.HotRetention.class);
        assertThat(hot.terminalRetention()).isEqualTo(Duration.ofSeconds(7));
        assertThat(fromFileAndEnvironment.bindOrCreate("taskcast.cleanup",
                io.taskcast.kafka.platform.config.TaskcastProperties.Cleanup.class).parsedRules()).hasSize(1);
        assertThat(replay.request(Clock.systemUTC(), fromFileAndEnvironment).topics().events().name())
                .as("environment over file").startsWith("fromenv-");
        assertThat(flagged.request(Clock.systemUTC(), withFlag).topics().events().name())
                .as("flag over environment").startsWith("fromflag-");
        assertThat(fromFileAndEnvironment.bind("taskcast.kafka.bootstrap-servers", String.class).get()).isEqualTo("k:9092");
    }

    private static void check(SettingsCatalog.Setting setting, String how, Map<String, Object> resolved,
                              Object expected, List<String> failures) {
        Map<String, Object> properties = new LinkedHashMap<>(BASE);
        if (setting.property().equals("taskcast.auth.mode")) {
            properties.put("taskcast.auth.jwt.algorithm", "HS512");
        }
        properties.putAll(resolved);
        Object bound;
        try {
            bound = bound(setting, properties);
        } catch (RuntimeException e) {
            failures.add(how + ": " + e);
            return;
        }
        if (!equal(expected, bound)) {
            failures.add(how + ": expected " + expected + ", bound " + bound + " from " + resolved);
        }
    }

    /** The setting's value in its record, bound from {@code properties} the way Spring binds the role's. */
    private static Object bound(SettingsCatalog.Setting setting, Map<String, Object> properties) {
        Binder binder = new Binder(new MapConfigurationPropertySource(properties));
        Class<? extends Record> owner = null;
        String ownerPrefix = "";
        for (Class<? extends Record> source : SettingsCatalog.SOURCES) {
            String prefix = source.getAnnotation(ConfigurationProperties.class).value();
            if (setting.property().startsWith(prefix + ".") && prefix.length() > ownerPrefix.length()) {
                owner = source;
                ownerPrefix = prefix;
            }
        }
        if (owner == null) {
            throw new AssertionError("no properties record for " + setting.property());
        }
        Object value = binder.bindOrCreate(ownerPrefix, owner);
        for (String segment : setting.property().substring(ownerPrefix.length() + 1).split("\\.")) {
            value = component(value, segment);
        }
        return value;
    }

    private static Object component(Object record, String kebab) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (SettingsCatalog.kebab(component.getName()).equals(kebab)) {
                try {
                    return component.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new AssertionError(record.getClass() + " has no component " + kebab);
    }

    /** The file's tree with the setting's key, nested by its dots, as YAML would give it. */
    private static Map<String, Object> fromFile(SettingsCatalog.Setting setting) {
        Object value = switch (setting.kind()) {
            case INTEGER -> 7;
            case BOOLEAN -> true;
            case RECORD_LIST -> Json.mapper().readValue(TRUSTED, List.class);
            default -> setting.property().equals("taskcast.cleanup.rules") || setting.property().equals("taskcast.webhooks.global")
                    ? Json.mapper().readValue(text(setting), List.class) : text(setting);
        };
        String[] path = setting.fileKey().split("\\.");
        Object tree = value;
        for (int i = path.length - 1; i >= 0; i--) {
            tree = Map.of(path[i], tree);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) tree;
        return ConfigKeys.toProperties(FILE, root);
    }

    /** A value of the setting that is not its default. */
    private static String text(SettingsCatalog.Setting setting) {
        return switch (setting.property()) {
            case "taskcast.auth.mode" -> "jwt";
            case "taskcast.auth.jwt.algorithm" -> "HS512";
            case "taskcast.archiver.batch-wait" -> "3s";
            case "taskcast.cleanup.rules" -> CLEANUP;
            case "taskcast.webhooks.global" -> WEBHOOKS;
            default -> switch (setting.kind()) {
                case TEXT -> "sample";
                case INTEGER -> "7";
                case BOOLEAN -> "true";
                case DURATION -> "7s";
                case SIZE -> "2MB";
                case PATH -> "/tmp/sample";
                case TEXT_LIST -> "a,b";
                case RECORD_LIST -> TRUSTED;
            };
        };
    }

    private static Object expected(SettingsCatalog.Setting setting) {
        String text = text(setting);
        return switch (setting.kind()) {
            case INTEGER -> 7L;
            case BOOLEAN -> true;
            case DURATION -> Duration.parse("PT" + text.toUpperCase(java.util.Locale.ROOT));
            case SIZE -> DataSize.ofMegabytes(2);
            case PATH -> Path.of(text);
            case TEXT_LIST -> List.of("a", "b");
            case RECORD_LIST -> List.of(new AuthProperties.TrustedService("billing", "k1", List.of("event:subscribe"),
                    List.of("t1")));
            case TEXT -> setting.property().equals("taskcast.cleanup.rules")
                    || setting.property().equals("taskcast.webhooks.global") ? Json.mapper().readTree(text) : text;
        };
    }

    private static boolean equal(Object expected, Object bound) {
        if (expected instanceof Long number) {
            return bound instanceof Number n && n.longValue() == number;
        }
        if (expected instanceof tools.jackson.databind.JsonNode json) {
            return bound instanceof String s && Json.mapper().readTree(s).equals(json);
        }
        return expected.equals(bound);
    }
}
