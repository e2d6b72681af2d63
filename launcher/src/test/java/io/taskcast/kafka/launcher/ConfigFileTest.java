package io.taskcast.kafka.launcher;

import io.taskcast.kafka.platform.auth.AuthProperties;
import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.web.CorsProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** taskcast.config.yaml: lookup, ${VAR} interpolation, key mapping, precedence and the one-line errors. */
class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldFillVariablesFromTheEnvironmentAndFallBackWhenUnset() throws IOException {
        Path file = write("""
                port: ${PORT}
                adapters:
                  shortTermStore: {provider: redis, url: "redis://${REDIS_HOST}:6379"}
                kafka:
                  bootstrapServers: ${KAFKA:-localhost:9092}
                  topicPrefix: ${PREFIX:-taskcast}
                """);

        FileSettings settings = load(file, Map.of("PORT", "4100", "REDIS_HOST", "cache", "PREFIX", "staging"));

        assertThat(settings.properties()).isEqualTo(Map.of("server.port", 4100L,
                "taskcast.redis.url", "redis://cache:6379",
                "taskcast.kafka.bootstrap-servers", "localhost:9092",
                "taskcast.kafka.topic-prefix", "staging"));
    }

    @Test
    void shouldStopNamingTheKeyAndVariableWhenAVariableIsNotSet() throws IOException {
        Path file = write("auth:\n  jwt:\n    secret: ${JWT_SECRET}\n");

        assertThatThrownBy(() -> load(file, Map.of())).isInstanceOf(StartupFailure.class)
                .hasMessage(file + ": auth.jwt.secret uses ${JWT_SECRET}, but environment variable JWT_SECRET is not"
                        + " set (write ${JWT_SECRET:-fallback} to give a fallback)");
    }

    @Test
    void shouldStopNamingAnUnknownKeyAndTheKeysKnownBesideIt() throws IOException {
        Path file = write("kafka:\n  partition: 6\n");

        assertThatThrownBy(() -> load(file, Map.of())).isInstanceOf(StartupFailure.class)
                .hasMessage(file + ": unknown key 'kafka.partition'; known keys under kafka: bootstrapServers,"
                        + " eventsRetention, partitions, replicationFactor, requestTimeout, topicPrefix");
    }

    @Test
    void shouldStopNamingAValueOfTheWrongTypeOrOutOfRange() throws IOException {
        Path wrongType = write("port: many\n");
        assertThatThrownBy(() -> load(wrongType, Map.of())).isInstanceOf(StartupFailure.class)
                .hasMessage(wrongType + ": port must be a whole number, got 'many'");

        Path outOfRange = write("kafka:\n  partitions: 0\n");
        assertThatThrownBy(() -> load(outOfRange, Map.of())).isInstanceOf(StartupFailure.class)
                .hasMessage(outOfRange + ": kafka.partitions must be from 1 to 100000, got '0'");

        Path badDuration = write("kafka:\n  eventsRetention: 0s\n");
        assertThatThrownBy(() -> load(badDuration, Map.of())).isInstanceOf(StartupFailure.class)
                .hasMessage(badDuration + ": kafka.eventsRetention must be a positive duration such as 7d,"
                        + " or -1 to keep forever, got '0s'");
    }

    @Test
    void shouldSayWhyATaskcastKeyWithoutAFeatureHereIsRefused() throws IOException {
        Path file = write("adapters:\n  broadcast: {provider: redis, url: 'redis://r:6379'}\n");

        assertThatThrownBy(() -> load(file, Map.of())).isInstanceOf(StartupFailure.class)
                .hasMessage(file + ": adapters.broadcast does not apply: events are broadcast through Kafka;"
                        + " remove it and set kafka.bootstrapServers");
    }

    @Test
    void shouldEnableWorkersAndRefuseTheirDefaultsThatAreNotBuilt() throws IOException {
        Path enabled = write("workers:\n  enabled: true\n");
        Path defaults = write("workers:\n  enabled: true\n  defaults: {heartbeatTimeoutMs: 90000}\n");

        assertThat(load(enabled, Map.of()).properties()).isEqualTo(Map.of("taskcast.workers.enabled", true));
        assertThatThrownBy(() -> load(defaults, Map.of())).isInstanceOf(StartupFailure.class)
                .hasMessage(defaults + ": workers.defaults is not supported yet: heartbeats, offers and disconnect"
                        + " policies are not built (docs/workers.md says what is)");
    }

    @Test
    void shouldMapTaskcastsKeysToSettingsThatBind() throws IOException {
        Path file = write("""
                auth:
                  mode: jwt
                  jwt: {algorithm: HS256, secret: "0123456789abcdef0123456789abcdef", issuer: me}
                trustedServices:
                  - {name: billing, key: k1, scope: ["task:create", "event:publish"], taskIds: "*"}
                cleanup:
                  rules:
                    - {target: all, trigger: {afterMs: 60000}}
                storageLifecycle: {hotRetentionEnabled: true, hotRetentionTerminalSeconds: 600}
                adapters:
                  shortTermStore: {provider: redis, url: "redis://r:6379"}
                  longTermStore: {provider: postgres, url: "postgres://u:p@pg:5432/db"}
                kafka: {bootstrapServers: "k:9092", eventsRetention: 7d}
                """);
        Binder binder = new Binder(org.springframework.boot.context.properties.source.ConfigurationPropertySources
                .from(new org.springframework.core.env.MapPropertySource("file", load(file, Map.of()).properties())));

        TaskcastProperties taskcast = binder.bind("taskcast", TaskcastProperties.class).get();
        AuthProperties auth = binder.bind("taskcast.auth", AuthProperties.class).get();

        assertThat(taskcast.kafka().eventsRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(taskcast.postgres().url()).isEqualTo("postgres://u:p@pg:5432/db");
        assertThat(taskcast.hotRetention().terminalRetention()).isEqualTo(Duration.ofMinutes(10));
        assertThat(taskcast.cleanup().parsedRules()).hasSize(1);
        assertThat(auth.jwtMode()).isTrue();
        assertThat(auth.jwt().issuer()).isEqualTo("me");
        assertThat(auth.trustedServices()).singleElement().isEqualTo(new AuthProperties.TrustedService("billing", "k1",
                List.of("task:create", "event:publish"), List.of("*")));
    }

    @Test
    void shouldReadTaskcastsAdminAndCorsKeysInEachOfTheirForms() throws IOException {
        Path admin = write("adminApi: true\nadminToken: s3cret\ncors: true\n");
        Path listed = write("cors:\n  origin: [\"https://a.example\", \"https://b.example\"]\n");
        Path single = write("cors: {origin: https://a.example}\n");
        Path off = write("cors: false\n");
        Path typo = write("cors: {origins: https://a.example}\n");

        assertThat(load(admin, Map.of()).properties()).isEqualTo(Map.of("taskcast.admin.api", true,
                "taskcast.admin.token", "s3cret", "taskcast.cors.origin", "*"));
        Binder binder = new Binder(org.springframework.boot.context.properties.source.ConfigurationPropertySources
                .from(new org.springframework.core.env.MapPropertySource("file", load(listed, Map.of()).properties())));
        assertThat(binder.bind("taskcast.cors", CorsProperties.class).get().origin())
                .containsExactly("https://a.example", "https://b.example");
        assertThat(load(single, Map.of()).properties()).isEqualTo(Map.of("taskcast.cors.origin", "https://a.example"));
        assertThat(load(off, Map.of()).properties()).isEmpty();
        assertThatThrownBy(() -> load(typo, Map.of())).isInstanceOf(StartupFailure.class)
                .hasMessage(typo + ": unknown key 'cors.origins'; known keys under cors: origin");
    }

    @Test
    void shouldRankFlagAboveEnvironmentAboveFileAboveDefault() throws IOException {
        FileSettings file = load(write("""
                port: 4100
                kafka: {bootstrapServers: "file:9092", partitions: 6, replicationFactor: 2, topicPrefix: fromfile}
                adapters:
                  shortTermStore: {provider: redis, url: "redis://file:6379"}
                """), Map.of());
        Map<String, String> environment = Map.of("TASKCAST_KAFKA_PARTITIONS", "9",
                "TASKCAST_KAFKA_REPLICATIONFACTOR", "3");
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.copyOf(environment)));
        ConnectionOptions flags = options("--kafka", "flag:9092");
        flags.services.redisUrl = "redis://env:6379"; // what picocli's ${env:TASKCAST_REDIS_URL} fallback yields
        Launch.Settings settings = new Launch.Settings(flags.port(file), List.of("processor"), flags.kafka(file),
                flags.redisUrl(file), null, dir);

        Launch.addSettings(spring.getPropertySources(), settings, environment, file);
        TaskcastProperties bound = Binder.get(spring).bind("taskcast", TaskcastProperties.class).get();

        assertThat(bound.kafka().bootstrapServers()).as("flag over file").isEqualTo("flag:9092");
        assertThat(bound.kafka().partitions()).as("documented variable over file").isEqualTo(9);
        assertThat(bound.kafka().replicationFactor()).as("variable read by Spring's relaxed rules over file")
                .isEqualTo((short) 3);
        assertThat(bound.redis().url()).as("flag's environment fallback over file").isEqualTo("redis://env:6379");
        assertThat(options().redisUrl(file)).as("file when neither flag nor variable").isEqualTo("redis://file:6379");
        assertThat(bound.kafka().topicPrefix()).as("file over default").isEqualTo("fromfile");
        assertThat(bound.kafka().requestTimeout()).as("default").isEqualTo(Duration.ofSeconds(15));
        assertThat(flags.port(file)).as("file over default port").isEqualTo(4100);
        assertThat(options("--port", "4200").port(file)).as("flag over file port").isEqualTo(4200);
        assertThat(options().port(FileSettings.NONE)).as("default port").isEqualTo(3721);
    }

    @Test
    void shouldFindTheFileInTheWorkingDirectoryBeforeHomeAndRequireAnExplicitOneToExist() throws IOException {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path home = Files.createDirectories(dir.resolve("home/.taskcast")).getParent();
        Files.writeString(home.resolve(".taskcast/taskcast.config.yaml"), "port: 1\n");

        assertThat(ConfigFile.locate(null, work, home)).contains(home.resolve(".taskcast/taskcast.config.yaml"));
        Files.writeString(work.resolve("taskcast.config.yml"), "port: 2\n");
        assertThat(ConfigFile.locate(null, work, home)).contains(work.resolve("taskcast.config.yml"));
        assertThat(ConfigFile.locate(null, dir.resolve("elsewhere"), null)).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> ConfigFile.locate(dir.resolve("nope.yaml"), work, home))
                .isInstanceOf(StartupFailure.class)
                .hasMessage("Configuration file " + dir.resolve("nope.yaml") + " (--config) does not exist");
    }

    @Test
    void shouldReportInvalidYamlAsOneLine() throws IOException {
        Path file = write("port: 1\nport: 2\n");

        assertThatThrownBy(() -> load(file, Map.of())).isInstanceOf(StartupFailure.class)
                .hasMessageStartingWith(file + " is not valid YAML: ").hasMessageContaining("duplicate key port")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldReadTheExampleFileInTheRepository() {
        Path example = Path.of("..", "taskcast.config.example.yaml");

        FileSettings settings = load(example, Map.of("TASKCAST_JWT_SECRET", "0123456789abcdef0123456789abcdef"));

        assertThat(settings.properties()).containsKeys("server.port", "taskcast.kafka.bootstrap-servers",
                "taskcast.kafka.events-retention", "taskcast.redis.url");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "taskcast.config", ".yaml"), yaml);
    }

    private FileSettings load(Path file, Map<String, String> environment) {
        return FileSettings.load(file, dir, null, environment);
    }

    private static ConnectionOptions options(String... args) {
        ConnectionOptions options = new ConnectionOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }
}
