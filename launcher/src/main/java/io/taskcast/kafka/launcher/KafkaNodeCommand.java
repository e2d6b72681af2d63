package io.taskcast.kafka.launcher;

import io.taskcast.kafka.embedded.EmbeddedKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * One node of a local KRaft cluster, for trying (and testing) the multi-broker shape without
 * Docker: start three with the same {@code --voters} and {@code --cluster-id}, each with its own
 * ports and data directory, then point {@code taskcast run --kafka} at them.
 */
@Command(name = "kafka-node", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one combined broker+controller node of a local Kafka cluster (for trying the",
                "multi-broker shape without Docker). Runs until stopped; data stays in --data-dir."})
public final class KafkaNodeCommand implements Callable<Integer> {

    @Option(names = "--node-id", required = true, description = "This node's id (1, 2, 3, ...).")
    int nodeId;

    @Option(names = "--port", required = true, description = "Client (broker) port.")
    int port;

    @Option(names = "--controller-port", required = true,
            description = "Controller port of this node, as listed in --voters.")
    int controllerPort;

    @Option(names = "--voters", required = true,
            description = "Every node's controller: id@host:port,... (the same on every node).")
    String voters;

    @Option(names = "--cluster-id", required = true,
            description = "The cluster's id, the same on every node (e.g. from `kafka-storage.sh random-uuid`).")
    String clusterId;

    @Option(names = "--replicas", defaultValue = "3",
            description = "Replicas of internal and new topics; min.insync.replicas is one less (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--data-dir", required = true, description = "This node's log directory.")
    Path dataDir;

    @Override
    public Integer call() {
        Shutdown shutdown = Shutdown.install();
        EmbeddedKafka node = EmbeddedKafka.startClusterNode(dataDir, port, nodeId, controllerPort, voters, clusterId,
                replicas);
        shutdown.closeOnExit(node);
        System.out.println("Kafka node " + nodeId + " ready on " + node.bootstrapServers());
        shutdown.await();
        return 0;
    }
}
