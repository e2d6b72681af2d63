package io.taskcast.kafka.bench.load.throughput;

import io.taskcast.kafka.bench.load.DurationConverter;
import io.taskcast.kafka.bench.load.LoadReport;
import io.taskcast.kafka.bench.load.LoadTarget;
import io.taskcast.kafka.bench.load.RunOptions;
import io.taskcast.kafka.bench.load.TargetOptions;
import io.taskcast.kafka.schemas.topic.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code taskcast bench raw-kafka}: the physical limit of the system's own broker, with no Taskcast
 * code in the path: stamped records produced to a temporary topic and consumed back in one process.
 */
@Command(name = "raw-kafka", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Raw Kafka produce -> consume rate and latency on the system's broker (closed loop),",
                "on a temporary topic with the partitions of the events topic; the baseline for `bench direct`."})
public final class RawKafkaBenchCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Mixin
    RunOptions run;

    @Mixin
    RawKafkaOptions raw;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = System.out;
        LoadReport.printMachine(out);
        try (LoadTarget system = target.open()) {
            if (system.kafka() == null) {
                out.println("FAILED: the Kafka bootstrap servers are unknown; give --kafka with --url");
                return 1;
            }
            LoadReport.printHeader(out);
            List<Measured> rows = raw.measureAll(system, run, out);
            return rows.stream().allMatch(Measured::valid) ? 0 : 1;
        }
    }

    /** A raw row's rate, and whether its run was valid. */
    record Measured(RawKafkaVariant variant, double rate, boolean valid) {
    }

    /** The raw scenario's own options, shared with {@code bench direct --raw}. */
    public static final class RawKafkaOptions {

        @Option(names = "--variants", split = ",", defaultValue = "linger0,linger5,tx",
                description = "Rows to measure: linger0, linger5, tx (transactional + read_committed)"
                        + " (default: ${DEFAULT-VALUE}).")
        List<String> variants = new ArrayList<>();

        @Option(names = "--record-bytes", defaultValue = "300", description = "Record size (default: ${DEFAULT-VALUE}).")
        int recordBytes;

        @Option(names = "--raw-window", defaultValue = "2000",
                description = "Records in flight, sent but not yet consumed (default: ${DEFAULT-VALUE}).")
        int window;

        @Option(names = "--partitions",
                description = "Partitions of the temporary topic (default: those of the system's events topic, else 3).")
        Integer partitions;

        @Option(names = "--tx-commit-interval", defaultValue = "10ms", converter = DurationConverter.class,
                description = "Transaction length of the tx row, like the processor's commit interval"
                        + " (default: ${DEFAULT-VALUE}).")
        Duration commitInterval;

        @Option(names = "--topic-prefix", defaultValue = "taskcast",
                description = "Topic prefix of the system, to read its partition count (default: ${DEFAULT-VALUE}).")
        String topicPrefix;

        List<Measured> measureAll(LoadTarget system, RunOptions run, PrintStream out) throws InterruptedException {
            List<Measured> rows = new ArrayList<>();
            try (TopicAdmin admin = new TopicAdmin(system.kafka())) {
                int count = partitions != null ? partitions
                        : admin.partitionsOf(Topics.withPrefix(topicPrefix).events().name(), 3);
                for (String name : variants) {
                    RawKafkaVariant variant = RawKafkaVariant.parse(name, commitInterval);
                    rows.add(measure(admin, system, variant, count, run, out));
                }
            }
            return rows;
        }

        private Measured measure(TopicAdmin admin, LoadTarget system, RawKafkaVariant variant, int count,
                                 RunOptions run, PrintStream out) throws InterruptedException {
            String topic = "taskcast-bench-raw-" + UUID.randomUUID();
            admin.create(topic, count);
            try {
                ClosedLoop.Result result = new RawKafkaRun(system.kafka(), variant, recordBytes)
                        .run(topic, count, window, run.warmup, run.duration, system.server());
                Rows.print(out, "raw-kafka", variant.settings() + " " + count + "p w" + window, result, null, null);
                return new Measured(variant, result.rate(), result.problem() == null);
            } finally {
                admin.delete(topic);
            }
        }

        /** The row measured with {@code lingerMs} and no transactions, if any. */
        static Measured matching(List<Measured> rows, int lingerMs) {
            return rows.stream().filter(r -> !r.variant().transactional() && r.variant().lingerMs() == lingerMs)
                    .findFirst().orElse(null);
        }
    }
}
