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
import io.taskcast.kafka.schemas.cleanup.CleanupRules;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import redis.clients.jedis.RedisClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    @Option(names = "--topic-prefix", defaultValue = "${env:TASKCAST_KAFKA_TOPIC_PREFIX:-taskcast}",
            description = "Topic prefix (env TASKCAST_KAFKA_TOPIC_PREFIX, default ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--hot-retention-enabled", defaultValue = "${env:TASKCAST_HOT_RETENTION_ENABLED:-false}",
            arity = "1", description = "Whether terminal tasks leave Redis after --hot-retention-terminal-seconds, as"
                    + " the processor has it (env TASKCAST_HOT_RETENTION_ENABLED, default ${DEFAULT-VALUE}).")
    boolean hotRetentionEnabled;

    @Option(names = "--hot-retention-terminal-seconds",
            defaultValue = "${env:TASKCAST_HOT_RETENTION_TERMINAL_SECONDS:-86400}",
            description = "With hot retention, terminal tasks finished longer ago are not put back into Redis"
                    + " (env TASKCAST_HOT_RETENTION_TERMINAL_SECONDS, default ${DEFAULT-VALUE}).")
    long terminalRetentionSeconds;

    @Option(names = "--cleanup-rules", defaultValue = "${env:TASKCAST_CLEANUP_RULES}",
            description = "The configured cleanup rules as the processor has them, a JSON array; rules due now are"
                    + " applied to what replay rebuilds (env TASKCAST_CLEANUP_RULES).")
    String cleanupRules;

    /** Where to start; neither flag means from the beginning. */
    static final class Window {
        @Option(names = "--from-beginning", description = "Replay the whole log (the default).")
        boolean fromBeginning;

        @Option(names = "--since", description = "Replay records appended since an ISO-8601 instant or an age (15m, 2h, 7d).")
        String since;
    }

    @Override
    public Integer call() {
        require(services.kafka, "--kafka or TASKCAST_KAFKA_BOOTSTRAP_SERVERS");
        if (target.redis()) {
            require(services.redisUrl, "--redis-url or TASKCAST_REDIS_URL for --target " + name());
        }
        if (target.postgres()) {
            require(services.postgresUrl, "--postgres-url or TASKCAST_POSTGRES_URL for --target " + name());
        }
        ReplayRequest request = request(Clock.systemUTC());
        Map<String, Object> config = ViewReplayer.consumerConfig(services.kafka);
        try (RedisClient redis = target.redis() ? RedisConnections.open(services.redisUrl) : null;
             PostgresArchive archive = target.postgres() ? new PostgresArchive(PostgresUrl.parse(services.postgresUrl)) : null) {
            if (archive != null) {
                archive.migrate();
            }
            Duration retention = hotRetention().terminalRetention();
            ViewReplayer replayer = ViewReplayer.of(() -> new KafkaConsumer<>(config),
                    redis == null ? null : new RedisTaskViews(redis, retention), retention,
                    archive == null ? null : new ArchiveWrites(archive), cleanups(), Clock.systemUTC());
            ReplaySummary summary = replayer.replay(request, ReplayProgress.bar(System.err, System.console() != null));
            System.out.println(summary.line());
        }
        return 0;
    }

    /** The processor's own validation, so replay refuses what the processor would refuse. */
    private TaskcastProperties.HotRetention hotRetention() {
        try {
            return new TaskcastProperties.HotRetention(hotRetentionEnabled, terminalRetentionSeconds);
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(e.getMessage());
        }
    }

    private Cleanups cleanups() {
        try {
            return new Cleanups(CleanupRules.fromJson(cleanupRules, "--cleanup-rules (TASKCAST_CLEANUP_RULES)"));
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(e.getMessage());
        }
    }

    ReplayRequest request(Clock clock) {
        Instant since = window.since == null ? null : ReplaySince.parse(window.since, clock);
        return new ReplayRequest(Topics.withPrefix(topicPrefix), target, since, taskId);
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
