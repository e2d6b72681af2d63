package io.taskcast.kafka.bench;

import io.taskcast.kafka.launcher.StartupFailure;
import io.taskcast.kafka.bench.load.IdleBenchCommand;
import io.taskcast.kafka.bench.load.publish.InFlightBenchCommand;
import io.taskcast.kafka.bench.load.publish.PublishBatchBenchCommand;
import io.taskcast.kafka.bench.load.publish.PublishBenchCommand;
import io.taskcast.kafka.bench.load.sse.ConnectionsBenchCommand;
import io.taskcast.kafka.bench.load.sse.FanOutBenchCommand;
import io.taskcast.kafka.bench.load.sse.SoakBenchCommand;
import io.taskcast.kafka.bench.load.throughput.DirectBenchCommand;
import io.taskcast.kafka.bench.load.throughput.RawKafkaBenchCommand;
import io.taskcast.kafka.bench.load.throughput.WebhooksBenchCommand;
import io.taskcast.kafka.bench.load.workers.WorkersBenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code taskcast bench}: benchmarks that bring their own data and, by default, their own infrastructure. */
@Command(name = "taskcast bench", mixinStandardHelpOptions = true, subcommands = {ReplayBenchCommand.class,
        PublishBenchCommand.class, PublishBatchBenchCommand.class, InFlightBenchCommand.class,
        RawKafkaBenchCommand.class, DirectBenchCommand.class, WebhooksBenchCommand.class,
        FanOutBenchCommand.class, ConnectionsBenchCommand.class, SoakBenchCommand.class, IdleBenchCommand.class,
        WorkersBenchCommand.class},
        description = "Benchmarks on generated data; each reports its rate and checks its result.")
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** {@code ./taskcast bench …} runs this, from its own jar: the benchmarks are not shipped in the server's. */
    public static void main(String[] args) {
        int code = new CommandLine(new BenchCommand())
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> StartupFailure.report(e))
                .execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
