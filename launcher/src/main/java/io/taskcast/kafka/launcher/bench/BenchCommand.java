package io.taskcast.kafka.launcher.bench;

import io.taskcast.kafka.launcher.bench.load.IdleBenchCommand;
import io.taskcast.kafka.launcher.bench.load.publish.InFlightBenchCommand;
import io.taskcast.kafka.launcher.bench.load.publish.PublishBatchBenchCommand;
import io.taskcast.kafka.launcher.bench.load.publish.PublishBenchCommand;
import io.taskcast.kafka.launcher.bench.load.sse.ConnectionsBenchCommand;
import io.taskcast.kafka.launcher.bench.load.sse.FanOutBenchCommand;
import io.taskcast.kafka.launcher.bench.load.sse.SoakBenchCommand;
import io.taskcast.kafka.launcher.bench.load.throughput.DirectBenchCommand;
import io.taskcast.kafka.launcher.bench.load.throughput.RawKafkaBenchCommand;
import io.taskcast.kafka.launcher.bench.load.throughput.WebhooksBenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code taskcast bench}: benchmarks that bring their own data and, by default, their own infrastructure. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {ReplayBenchCommand.class,
        PublishBenchCommand.class, PublishBatchBenchCommand.class, InFlightBenchCommand.class,
        RawKafkaBenchCommand.class, DirectBenchCommand.class, WebhooksBenchCommand.class,
        FanOutBenchCommand.class, ConnectionsBenchCommand.class, SoakBenchCommand.class, IdleBenchCommand.class},
        description = "Benchmarks on generated data; each reports its rate and checks its result.")
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
