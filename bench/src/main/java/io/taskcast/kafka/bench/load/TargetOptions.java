package io.taskcast.kafka.bench.load;

import picocli.CommandLine.Option;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Which system a load scenario drives, shared by every scenario. */
public final class TargetOptions {

    @Option(names = "--url", description = "A running Taskcast to drive (default: start a fresh `taskcast dev`).")
    URI url;

    @Option(names = "--kafka", description = "Its Kafka bootstrap servers (with --url; for scenarios that use Kafka).")
    String kafka;

    @Option(names = "--server-pid", description = "Its process id (with --url), to report its CPU and RSS.")
    Long serverPid;

    @Option(names = "--server-jvm", split = " ", defaultValue = "-Xmx1g",
            description = "JVM options of the started `taskcast dev` (default: ${DEFAULT-VALUE}).")
    List<String> serverJvm = new ArrayList<>();

    @Option(names = "--server-env", description = "NAME=value for the started `taskcast dev` (repeatable).")
    List<String> serverEnv = new ArrayList<>();

    public LoadTarget open() {
        return open(List.of());
    }

    /** @param settings NAME=value the started `taskcast dev` needs for the scenario, before --server-env */
    public LoadTarget open(List<String> settings) {
        List<String> environment = new ArrayList<>(settings);
        environment.addAll(serverEnv);
        return url != null ? LoadTarget.running(url, kafka, serverPid) : LoadTarget.startDev(serverJvm, environment);
    }
}
