package io.taskcast.kafka.bench.load.publish;

import io.taskcast.kafka.bench.load.RunOptions;
import io.taskcast.kafka.bench.load.TargetOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code taskcast bench publish}: closed-loop single-event publishing over N keep-alive connections. */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"N connections POST single events (~200 bytes) as fast as answered, round-robin over N running tasks.",
                "Checks every request was answered 201 and each task's history holds every acknowledged event once."})
public final class PublishBenchCommand implements Callable<Integer> {

    @Option(names = "--connections", defaultValue = "8", description = "Connections and tasks (default: ${DEFAULT-VALUE}).")
    int connections;

    @Mixin
    TargetOptions target;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        return PublishScenario.run("publish", target, run, connections, 1, Target.publish(connections));
    }
}
