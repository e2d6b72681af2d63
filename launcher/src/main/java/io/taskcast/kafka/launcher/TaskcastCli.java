package io.taskcast.kafka.launcher;

import io.taskcast.kafka.platform.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code taskcast} executable. {@code dev} runs everything with embedded infrastructure;
 * {@code run} runs chosen roles against external Kafka, Redis and Postgres.
 */
@Command(name = "taskcast", mixinStandardHelpOptions = true, versionProvider = TaskcastCli.Version.class,
        subcommands = {DevCommand.class, RunCommand.class, ReplayCommand.class, KafkaNodeCommand.class},
        description = "Task tracking and event streaming on Kafka, speaking Taskcast's HTTP API.",
        footer = "%nBenchmarks: ./taskcast bench --help (a separate jar, bench/target/taskcast-bench.jar).")
public final class TaskcastCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        try {
            LogFormat.selectAtStartup(System.getenv());
        } catch (StartupFailure e) {
            System.exit(StartupFailure.report(e));
        }
        int code = new CommandLine(new TaskcastCli())
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> StartupFailure.report(e))
                .execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"taskcast " + BuildInfo.version()};
        }
    }
}
