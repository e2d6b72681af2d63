package io.taskcast.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One combined broker+controller KRaft node in this JVM, started through Kafka's own
 * {@link KafkaRaftServer} (the code path of {@code kafka-server-start.sh}), for dev mode and tests.
 *
 * <p>{@code KafkaRaftServer}, {@code KafkaConfig} and {@code Formatter} are internal Kafka APIs:
 * the Kafka version is pinned and this class is covered by {@code EmbeddedStackIT}.
 *
 * <p>Kafka's fatal fault handlers call {@code org.apache.kafka.common.utils.Exit.halt}, which ends
 * the whole JVM (the app in dev mode, the test JVM in tests). That default is deliberately kept:
 * a broker in an unknown state should fail loudly, not linger.
 */
public final class EmbeddedKafka implements AutoCloseable {

    static final String COMPONENT = "Embedded Kafka";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final DirectoryLock lock;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaRaftServer server, DirectoryLock lock, int port) {
        this.server = server;
        this.lock = lock;
        this.port = port;
    }

    /**
     * Formats {@code dataDir} on first use and starts the node. {@code port} is the client port
     * (0 = a free one); the controller listener always gets a free port, because a single voter
     * does not need a stable controller address across restarts.
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        int[] free = Ports.free(2);
        int brokerPort = port == 0 ? free[0] : Ports.resolve(port, COMPONENT);
        int controllerPort = free[1] == brokerPort ? free[0] : free[1];
        return start(dataDir, brokerPort, new Node(NODE_ID, controllerPort,
                NODE_ID + "@localhost:" + controllerPort, Uuid.randomUuid().toString(), 1));
    }

    /**
     * One node of a local multi-node cluster (each in its own process, so that one can be killed):
     * every node gets the same {@code voters} and {@code clusterId}; internal topics and the default
     * for new topics get {@code replicas} replicas and {@code min.insync.replicas} of replicas - 1.
     *
     * @param controllerPort this node's controller port, as it appears in {@code voters}
     * @param voters         {@code id@host:port,...} of every node's controller listener
     */
    public static EmbeddedKafka startClusterNode(Path dataDir, int brokerPort, int nodeId, int controllerPort,
                                                 String voters, String clusterId, int replicas) {
        if (replicas < 1 || nodeId < 1) {
            throw new IllegalArgumentException("node id and replicas must be at least 1, got " + nodeId + ", " + replicas);
        }
        return start(dataDir, Ports.resolve(brokerPort, COMPONENT),
                new Node(nodeId, controllerPort, voters, clusterId, replicas));
    }

    /** Who this node is in its cluster. */
    private record Node(int id, int controllerPort, String voters, String clusterId, int replicas) {
        String minInSync() {
            return String.valueOf(Math.max(1, replicas - 1));
        }
    }

    private static EmbeddedKafka start(Path dataDir, int brokerPort, Node node) {
        int controllerPort = node.controllerPort();
        KafkaRaftServer server;
        DirectoryLock lock;
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new EmbeddedStartException(COMPONENT, brokerPort, "cannot create " + dataDir + ": " + e.getMessage(), e);
        }
        // Our own lock, taken before Kafka touches the directory: a second broker on the same log
        // directory gets as far as opening the metadata log before Kafka's lock stops it, and can
        // leave the running broker's raft thread spinning.
        lock = DirectoryLock.acquire(dataDir, COMPONENT, brokerPort);
        try {
            formatOnce(dataDir, node);
            server = new KafkaRaftServer(new KafkaConfig(settings(dataDir, brokerPort, node), false), Time.SYSTEM);
        } catch (Exception e) {
            lock.close();
            throw new EmbeddedStartException(COMPONENT, brokerPort, "cannot use " + dataDir + ": " + e.getMessage(), e);
        }
        try {
            // Returns once the broker is unfenced, i.e. ready for clients.
            server.startup();
        } catch (RuntimeException e) {
            // A failed broker leaves the already started controller running; stop it too.
            shutdown(server);
            lock.close();
            throw new EmbeddedStartException(COMPONENT, brokerPort, String.valueOf(e.getMessage()), e);
        }
        LOG.info("Embedded Kafka node {} ready on localhost:{} (controller on {}), data in {}", node.id(), brokerPort,
                controllerPort, dataDir);
        return new EmbeddedKafka(server, lock, brokerPort);
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public String toString() {
        return COMPONENT + " on port " + port;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } finally {
                lock.close();
            }
            LOG.info("Embedded Kafka on port {} stopped", port);
        }
    }

    private static Map<String, String> settings(Path dataDir, int brokerPort, Node node) {
        int controllerPort = node.controllerPort();
        String replicas = String.valueOf(node.replicas());
        Map<String, String> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(node.id()));
        p.put("controller.quorum.voters", node.voters());
        p.put("listeners", "PLAINTEXT://localhost:" + brokerPort + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", CONTROLLER_LISTENER + ":PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        // Internal topics on every node of the cluster (one, in dev mode), surviving the loss of one.
        p.put("offsets.topic.replication.factor", replicas);
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", node.minInSync());
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", node.minInSync());
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", node.minInSync());
        // Lean: the 128 MiB default cleaner buffer triples the heap; no 3 s wait before a group's first rebalance.
        p.put("log.cleaner.dedupe.buffer.size", "4194304");
        p.put("group.initial.rebalance.delay.ms", "0");
        // After a crash the controller rejects the new broker incarnation until the old one's session
        // expires: 9 s by default, about 3 s with these. Heartbeats within one JVM cost nothing.
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "3000");
        // The application creates its topics; a typo in a topic name must fail, not create a topic.
        p.put("auto.create.topics.enable", "false");
        // The controller's no-op records (every 500 ms by default) let observers tell a live quorum;
        // one node in one JVM needs none that often, and an idle server should stay idle.
        p.put("metadata.max.idle.interval.ms", "5000");
        // It shares the machine's cores with the application: more request threads than cores only
        // add wake-ups (each idle one polls its queue several times a second), not throughput.
        p.put("num.io.threads", "2");
        p.put("num.network.threads", "1");
        return p;
    }

    /** The equivalent of {@code kafka-storage.sh format}, skipped on a restart so the data is kept. */
    private static void formatOnce(Path dataDir, Node node) throws Exception {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String dir = dataDir.toAbsolutePath().toString();
        new Formatter()
                .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
                .setClusterId(node.clusterId())
                .setNodeId(node.id())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(dir)
                .setDirectories(List.of(dir))
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
        LOG.debug("Formatted Kafka storage: {}", output.toString(StandardCharsets.UTF_8).trim());
    }

    /** Cleans up after a failed start; the start failure is what gets reported. */
    private static void shutdown(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka did not shut down cleanly", e);
        }
    }
}
