package io.taskcast.kafka.bench;

import io.taskcast.kafka.embedded.EmbeddedStack.Component;
import io.taskcast.kafka.launcher.ServiceOptions;
import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.kafka.TopicProvisioner;
import io.taskcast.kafka.platform.postgres.PostgresArchive;
import io.taskcast.kafka.platform.postgres.PostgresUrl;
import io.taskcast.kafka.platform.redis.RedisConnections;
import io.taskcast.kafka.processor.replay.ReplayTarget;
import io.taskcast.kafka.schemas.topic.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code taskcast bench replay}: writes a generated log of task events and snapshots, then times
 * {@code replay} rebuilding Redis, Postgres and both from it, checking each rebuilt view. Runs on
 * embedded services unless told otherwise, and on its own topics either way.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Produce a generated event log, then time the replay of it into Redis and/or Postgres.",
                "Embedded Kafka, Redis and Postgres are started in a temporary directory unless given;"
                        + " given ones are only touched through the bench's own topics, keys and rows."})
final class ReplayBenchCommand implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "1000000", description = "Events to produce (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--tasks", defaultValue = "1000", description = "Tasks they are spread over (default ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--concurrency", defaultValue = "100",
            description = "Tasks running at once, whose events interleave in the log (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--target", converter = TargetConverter.class,
            description = "redis, postgres or all; default: each of them in turn, emptying the views between runs.")
    ReplayTarget target;

    @Mixin
    ServiceOptions services;

    @Option(names = "--topic-prefix", description = "Prefix of the bench's topics and task ids (default bench-<random>).")
    String topicPrefix;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of the bench topics (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "1",
            description = "Replicas of the bench topics (default ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Option(names = "--compression", defaultValue = "lz4",
            description = "Producer compression: none, lz4, zstd, snappy, gzip (default ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated content (default ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintStream log = System.err;
        List<ReplayTarget> targets = target == null ? List.of(ReplayTarget.REDIS, ReplayTarget.POSTGRES, ReplayTarget.ALL)
                : List.of(target);
        boolean redis = targets.stream().anyMatch(ReplayTarget::redis);
        boolean postgres = targets.stream().anyMatch(ReplayTarget::postgres);
        String prefix = topicPrefix != null ? topicPrefix : "bench-" + UUID.randomUUID().toString().substring(0, 8);
        Topics topics = Topics.withPrefix(prefix);
        BenchWorkload workload = new BenchWorkload(prefix, events, tasks, concurrency, System.currentTimeMillis(), seed);
        double loadAtStart = BenchEnvironment.load();
        BenchReport report;
        try (BenchServices running = BenchServices.start(services, redis, postgres, log)) {
            BenchTopics.requireNew(running.kafka(), topics, prefix);
            TaskcastProperties.Kafka kafka = new TaskcastProperties.Kafka(running.kafka(), prefix, partitions,
                    replicationFactor, Duration.ofSeconds(30));
            try {
                new TopicProvisioner(kafka).ensureTopics();
                report = run(running, workload, topics, prefix, targets, loadAtStart);
            } finally {
                if (!running.embedded(Component.KAFKA)) {
                    BenchTopics.delete(running.kafka(), topics);
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.text());
        out.flush();
        return report.ok() ? 0 : 1;
    }

    private BenchReport run(BenchServices running, BenchWorkload workload, Topics topics, String prefix,
                            List<ReplayTarget> targets, double loadAtStart) {
        PrintStream log = System.err;
        log.printf(Locale.ROOT, "bench: producing %,d events over %,d tasks to %s and %s%n", workload.events(),
                workload.tasks(), topics.events().name(), topics.tasks().name());
        WorkloadProducer.Produced produced = new WorkloadProducer(running.kafka(), compression, log).produce(workload, topics);
        log.println("bench: " + produced.line());
        try (BenchViews views = openViews(running, targets)) {
            ReplayRuns runs = new ReplayRuns(running.kafka(), topics, workload, views, log);
            List<BenchReport.Row> rows = new ArrayList<>();
            try {
                targets.forEach(each -> rows.add(runs.run(each)));
            } finally {
                views.removeBenchData(workload);
            }
            List<String> context = List.of(
                    BenchEnvironment.machine(),
                    String.format(Locale.ROOT, "load average (1 min): %.2f at start, %.2f at end",
                            loadAtStart, BenchEnvironment.load()),
                    BenchEnvironment.services(running, views),
                    String.format(Locale.ROOT, "workload: %,d events over %,d tasks, %d running at once; topics %s-*,"
                                    + " %d partitions, %s compression", workload.events(), workload.tasks(),
                            Math.min(concurrency, tasks), prefix, partitions, compression),
                    produced.line());
            return new BenchReport(context, rows);
        }
    }

    private static BenchViews openViews(BenchServices running, List<ReplayTarget> targets) {
        boolean redis = targets.stream().anyMatch(ReplayTarget::redis);
        boolean postgres = targets.stream().anyMatch(ReplayTarget::postgres);
        PostgresArchive archive = postgres ? new PostgresArchive(PostgresUrl.parse(running.postgresUrl())) : null;
        try {
            if (archive != null) {
                archive.migrate();
            }
            return new BenchViews(redis ? RedisConnections.open(running.redisUrl()) : null,
                    running.embedded(Component.REDIS), archive, running.embedded(Component.POSTGRES));
        } catch (RuntimeException e) {
            if (archive != null) {
                archive.close();
            }
            throw e;
        }
    }

    static final class TargetConverter implements CommandLine.ITypeConverter<ReplayTarget> {
        @Override
        public ReplayTarget convert(String value) {
            return ReplayTarget.parse(value);
        }
    }
}
