package io.taskcast.kafka.launcher;

import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.postgres.ArchiveWrites;
import io.taskcast.kafka.platform.postgres.PostgresArchive;
import io.taskcast.kafka.platform.postgres.PostgresUrl;
import io.taskcast.kafka.platform.redis.RedisConnections;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.processor.engine.Cleanups;
import io.taskcast.kafka.processor.replay.ReplayProgress;
import io.taskcast.kafka.processor.replay.ReplayRequest;
import io.taskcast.kafka.processor.replay.ReplaySince;
import io.taskcast.kafka.processor.replay.ReplaySummary;
import io.taskcast.kafka.processor.replay.ReplayTarget;
import io.taskcast.kafka.processor.replay.ViewReplayer;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import redis.clients.jedis.RedisClient;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Rebuilds the Redis view and/or the Postgres archive from the topics (architecture invariant 7).
 * Plain clients, no Spring context: replay needs no web server, and it may run beside a serving system.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Rebuild the Redis and/or Postgres views from the taskcast-tasks and taskcast-events topics.")
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--target", required = true, converter = TargetConverter.class,
            description = "redis, postgres or all.")
    ReplayTarget target;

    @ArgGroup(exclusive = true)
    Window window = new Window();

    @Option(names = "--task", description = "Rebuild only this task.")
    String taskId;

    @Mixin
    ServiceOptions services;

    @Option(names = "--topic-prefix",
            description = "Topic prefix (env TASKCAST_KAFKA_TOPIC_PREFIX, config file kafka.topicPrefix, default taskcast).")
    String topicPrefix;

    @Option(names = "--hot-retention-enabled", arity = "1",
            description = "Whether terminal tasks leave Redis after --hot-retention-terminal-seconds, as the processor"
                    + " has it (env TASKCAST_HOT_RETENTION_ENABLED, config file hotRetention.enabled, default false).")
    Boolean hotRetentionEnabled;

    @Option(names = "--hot-retention-terminal-seconds",
            description = "With hot retention, terminal tasks finished longer ago are not put back into Redis"
                    + " (env TASKCAST_HOT_RETENTION_TERMINAL_SECONDS, config file hotRetention.terminalSeconds,"
                    + " default 86400).")
    Long terminalRetentionSeconds;

    @Option(names = "--cleanup-rules",
            description = "The configured cleanup rules as the processor has them, a JSON array; rules due now are"
                    + " applied to what replay rebuilds (env TASKCAST_CLEANUP_RULES, config file cleanup.rules).")
    String cleanupRules;

    @Option(names = "--config", paramLabel = "<path>",
            description = "Configuration file, as the serving processes read it (default: taskcast.config.yaml|yml|json"
                    + " in the working directory, then in ~/.taskcast/).")
    Path config;

    /** Where to start; neither flag means from the beginning. */
    static final class Window {
        @Option(names = "--from-beginning", description = "Replay the whole log (the default).")
        boolean fromBeginning;

        @Option(names = "--since", description = "Replay records appended since an ISO-8601 instant or an age (15m, 2h, 7d).")
        String since;
    }

    @Override
    public Integer call() {
        Binder settings = settings(System.getenv(), FileSettings.load(config));
        String kafka = settings.bind("taskcast.kafka.bootstrap-servers", String.class).orElse(null);
        String redisUrl = settings.bind("taskcast.redis.url", String.class).orElse(null);
        String postgresUrl = settings.bind("taskcast.postgres.url", String.class).orElse(null);
        require(kafka, "--kafka or TASKCAST_KAFKA_BOOTSTRAP_SERVERS");
        if (target.redis()) {
            require(redisUrl, "--redis-url or TASKCAST_REDIS_URL for --target " + name());
        }
        if (target.postgres()) {
            require(postgresUrl, "--postgres-url or TASKCAST_POSTGRES_URL for --target " + name());
        }
        ReplayRequest request = request(Clock.systemUTC(), settings);
        Map<String, Object> consumer = ViewReplayer.consumerConfig(kafka);
        try (RedisClient redis = target.redis() ? RedisConnections.open(redisUrl) : null;
             PostgresArchive archive = target.postgres() ? new PostgresArchive(PostgresUrl.parse(postgresUrl)) : null) {
            if (archive != null) {
                archive.migrate();
            }
            Duration retention = bind(settings, "taskcast.hot-retention", TaskcastProperties.HotRetention.class)
                    .terminalRetention();
            Cleanups cleanups = new Cleanups(bind(settings, "taskcast.cleanup", TaskcastProperties.Cleanup.class)
                    .parsedRules());
            ViewReplayer replayer = ViewReplayer.of(() -> new KafkaConsumer<>(consumer),
                    redis == null ? null : new RedisTaskViews(redis, retention), retention,
                    archive == null ? null : new ArchiveWrites(archive), cleanups, Clock.systemUTC());
            ReplaySummary summary = replayer.replay(request, ReplayProgress.bar(System.err, System.console() != null));
            System.out.println(summary.line());
        }
        return 0;
    }

    /**
     * The settings as a serving process binds them: flags over the environment over the file, read
     * by the same names ({@link EnvironmentAliases}, {@link ConfigKeys}) into the same records.
     */
    Binder settings(Map<String, String> environment, FileSettings file) {
        Map<String, Object> properties = new LinkedHashMap<>(file.properties());
        properties.putAll(EnvironmentAliases.resolve(environment));
        putIfGiven(properties, "taskcast.kafka.bootstrap-servers", services.kafka);
        putIfGiven(properties, "taskcast.redis.url", services.redisUrl);
        putIfGiven(properties, "taskcast.postgres.url", services.postgresUrl);
        putIfGiven(properties, "taskcast.kafka.topic-prefix", topicPrefix);
        putIfGiven(properties, "taskcast.hot-retention.enabled", hotRetentionEnabled);
        putIfGiven(properties, "taskcast.hot-retention.terminal-seconds", terminalRetentionSeconds);
        putIfGiven(properties, "taskcast.cleanup.rules", cleanupRules);
        return new Binder(new MapConfigurationPropertySource(properties));
    }

    /** The processor's own record and validation, so replay refuses what the processor would refuse. */
    private static <T> T bind(Binder settings, String prefix, Class<T> type) {
        try {
            return settings.bindOrCreate(prefix, type);
        } catch (BindException e) {
            throw new StartupFailure(StartupFailure.explain(e));
        }
    }

    private static void putIfGiven(Map<String, Object> properties, String property, Object value) {
        if (value != null && !(value instanceof String text && text.isBlank())) {
            properties.put(property, value);
        }
    }

    ReplayRequest request(Clock clock) {
        return request(clock, settings(System.getenv(), FileSettings.NONE));
    }

    ReplayRequest request(Clock clock, Binder settings) {
        Instant since = window.since == null ? null : ReplaySince.parse(window.since, clock);
        String prefix = settings.bind("taskcast.kafka.topic-prefix", String.class).orElse(Topics.DEFAULT_PREFIX);
        return new ReplayRequest(Topics.withPrefix(prefix), target, since, taskId);
    }

    private String name() {
        return target.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new StartupFailure("taskcast replay needs " + what);
        }
    }

    static final class TargetConverter implements picocli.CommandLine.ITypeConverter<ReplayTarget> {
        @Override
        public ReplayTarget convert(String value) {
            return ReplayTarget.parse(value);
        }
    }
}
