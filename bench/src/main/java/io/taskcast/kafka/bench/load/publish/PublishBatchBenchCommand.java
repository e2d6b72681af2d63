package io.taskcast.kafka.bench.load.publish;

import io.taskcast.kafka.bench.load.RunOptions;
import io.taskcast.kafka.bench.load.TargetOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code taskcast bench publish-batch}: like {@code publish}, each request an array of events. */
@Command(name = "publish-batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"N connections POST arrays of events as fast as answered, round-robin over N running tasks;"
                + " the rate counts events, the latency is per request.",
                "Checks every request was answered 201 and each task's history holds every acknowledged event once."})
public final class PublishBatchBenchCommand implements Callable<Integer> {

    @Option(names = "--connections", defaultValue = "8", description = "Connections and tasks (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--batch", defaultValue = "100", description = "Events per request (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    TargetOptions target;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        return PublishScenario.run("publish-batch", target, run, connections, batch,
                Target.publishBatch(connections, batch));
    }
}
