package io.taskcast.kafka.bench;

import io.taskcast.kafka.platform.postgres.ArchiveWrites;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.processor.replay.ReplayProgress;
import io.taskcast.kafka.processor.replay.ReplayRequest;
import io.taskcast.kafka.processor.replay.ReplaySummary;
import io.taskcast.kafka.processor.replay.ReplayTarget;
import io.taskcast.kafka.processor.replay.ViewReplayer;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One timed replay per target, each into emptied views and through the same {@link ViewReplayer}
 * that {@code taskcast replay} uses, followed by its check.
 */
final class ReplayRuns {

    private final Map<String, Object> consumerConfig;
    private final Topics topics;
    private final BenchWorkload workload;
    private final BenchViews views;
    private final PrintStream log;
    private final ReplayCheck check;

    ReplayRuns(String bootstrapServers, Topics topics, BenchWorkload workload, BenchViews views, PrintStream log) {
        this.consumerConfig = ViewReplayer.consumerConfig(bootstrapServers);
        this.topics = topics;
        this.workload = workload;
        this.views = views;
        this.log = log;
        this.check = new ReplayCheck(views, workload, new SecureRandom());
    }

    BenchReport.Row run(ReplayTarget target) {
        String name = target.name().toLowerCase(Locale.ROOT);
        views.reset(target, workload);
        ViewReplayer replayer = ViewReplayer.of(() -> new KafkaConsumer<>(consumerConfig),
                target.redis() ? new RedisTaskViews(views.redis(), null) : null, null,
                target.postgres() ? new ArchiveWrites(views.postgres()) : null, Clock.systemUTC());
        log.println("bench: replay --target " + name);
        ReplaySummary summary = replayer.replay(new ReplayRequest(topics, target, null, null),
                ReplayProgress.bar(log, System.console() != null));
        log.println("bench: " + summary.line());
        List<String> problems = check.check(target, summary);
        log.println("bench: check of " + name + ": " + (problems.isEmpty() ? "ok" : String.join("; ", problems)));
        return new BenchReport.Row(name, summary.eventsWritten(), summary.tasksWritten(),
                summary.elapsed().toMillis() / 1000.0, BenchEnvironment.load(), problems);
    }
}
