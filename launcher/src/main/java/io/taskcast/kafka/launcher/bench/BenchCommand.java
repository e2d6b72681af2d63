package io.taskcast.kafka.launcher.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code taskcast bench}: benchmarks that bring their own data and, by default, their own infrastructure. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {ReplayBenchCommand.class,
        io.taskcast.kafka.launcher.bench.load.sse.FanOutBenchCommand.class,
        io.taskcast.kafka.launcher.bench.load.sse.ConnectionsBenchCommand.class},
        description = "Benchmarks on generated data; each reports its rate and checks its result.")
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
