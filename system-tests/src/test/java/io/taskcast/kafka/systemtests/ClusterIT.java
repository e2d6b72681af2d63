package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.FreePort;
import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The production shape without Docker: a 3-node KRaft cluster (replication factor 3,
 * min.insync.replicas 2), two processors and two ingest+gateway "edges", each its own process.
 * While publishers write through both edges and subscribers follow every task, one processor, one
 * edge (the subscribers' gateway) and one broker are killed with SIGKILL. Afterwards every
 * acknowledged event exists exactly once with contiguous indexes, and every subscriber, resuming on
 * the surviving edge with {@code Last-Event-ID}, saw every event once, in order, then {@code done}.
 */
@ExtendWith(EmbeddedStackExtension.class)
@Order(1)
class ClusterIT {

    private static final int BROKERS = 3;
    private static final int TASKS = 4;
    private static final Duration START = Duration.ofSeconds(240);
    private static final Duration CATCH_UP = Duration.ofSeconds(180);

    @Test
    void shouldLoseNothingWhenAProcessorAGatewayAndABrokerAreKilled(EmbeddedStack stack) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "cluster-it-");
        List<TaskcastProcess> all = new ArrayList<>();
        try {
            // given three brokers
            List<TaskcastProcess> brokers = startBrokers(dir, all);
            String bootstrap = String.join(",", brokerAddresses);
            Map<String, String> env = Map.of("TASKCAST_KAFKA_TOPIC_PREFIX", "cluster" + UUID.randomUUID().toString().substring(0, 8),
                    "TASKCAST_KAFKA_REPLICATION_FACTOR", "3", "TASKCAST_KAFKA_PARTITIONS", "3");
            // and two processors and two edges, each its own process
            TaskcastProcess processor1 = role(env, bootstrap, stack, dir, "processor", all);
            TaskcastProcess processor2 = role(env, bootstrap, stack, dir, "processor", all);
            TaskcastProcess edge1 = role(env, bootstrap, stack, dir, "ingest,gateway", all);
            TaskcastProcess edge2 = role(env, bootstrap, stack, dir, "ingest,gateway", all);
            for (TaskcastProcess p : List.of(processor1, processor2, edge1, edge2)) {
                p.awaitReady(START);
            }
            Http ingest1 = new Http(ports.get(edge1)), ingest2 = new Http(ports.get(edge2));
            List<String> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                String id = "cluster-" + UUID.randomUUID();
                assertThat(ingest1.post("/tasks", "{\"id\":\"" + id + "\",\"type\":\"cluster\"}").status()).isEqualTo(201);
                assertThat(ingest2.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
                tasks.add(id);
            }

            // and subscribers following every task on edge 2, moving to edge 1 when theirs dies
            List<Http> edges = new CopyOnWriteArrayList<>(List.of(ingest2, ingest1));
            List<ResumingSubscriber> followers = tasks.stream().map(id -> new ResumingSubscriber(id, edges)).toList();
            followers.forEach(ResumingSubscriber::start);
            // and publishers writing through both edges
            TickPublisher publisher = new TickPublisher(tasks, edges, 1);
            publisher.start();

            // when one processor, the subscribers' edge and a broker die, one after the other
            awaitAcknowledged(publisher, 40);
            processor1.kill();
            awaitAcknowledged(publisher, publisher.acknowledgedCount() + 40);
            edges.remove(ingest2);
            edge2.kill();
            awaitAcknowledged(publisher, publisher.acknowledgedCount() + 40);
            brokers.get(1).kill();
            awaitAcknowledged(publisher, publisher.acknowledgedCount() + 40);
            publisher.finish();
            for (String id : tasks) {
                assertThat(ingest1.patch("/tasks/" + id + "/status", "{\"status\":\"completed\"}").status()).isEqualTo(200);
            }

            // then every acknowledged event is in each task's history once, indexes contiguous
            for (String id : tasks) {
                List<Long> indexes = CrashChecks.assertEveryAckKeptOnce(ingest1, id, publisher.acknowledged(id));
                // and its follower saw exactly that history, resuming without loss or repeat, then done
                ResumingSubscriber follower = followers.get(tasks.indexOf(id));
                try {
                    await().atMost(CATCH_UP).until(() -> follower.done() != null);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    List<Long> seen = follower.rawIndexes();
                    throw new AssertionError("the subscriber of " + id + " got no done: " + follower.connections()
                            + " connection(s), " + seen.size() + " of " + indexes.size() + " events, last "
                            + seen.subList(Math.max(0, seen.size() - 3), seen.size()) + ", last id " + follower.lastId()
                            + "; edge 1 said: " + tail(edge1.stdout()) + tail(edge1.stderr()), e);
                }
                assertThat(follower.rawIndexes()).as("what the subscriber of %s saw", id)
                        .isEqualTo(indexes.subList(0, indexes.size()));
                assertThat(follower.done()).isEqualTo("completed");
            }
            System.out.printf("ClusterIT: %d events acknowledged over %d tasks; subscribers resumed %s times%n",
                    publisher.acknowledgedCount(), TASKS, followers.stream().map(ResumingSubscriber::connections).toList());
            assertThat(publisher.acknowledgedCount()).isGreaterThanOrEqualTo(160);
            assertThat(followers).allMatch(f -> f.connections() >= 2, "every subscriber had to resume on the other edge");
            assertThat(processor2.isAlive()).isTrue();
        } finally {
            all.forEach(TaskcastProcess::close);
        }
    }

    private final List<String> brokerAddresses = new ArrayList<>();
    private final Map<TaskcastProcess, Integer> ports = new HashMap<>();

    private List<TaskcastProcess> startBrokers(Path dir, List<TaskcastProcess> all) {
        UUID uuid = UUID.randomUUID();
        String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
        int[] brokerPorts = new int[BROKERS];
        int[] controllerPorts = new int[BROKERS];
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < BROKERS; i++) {
            brokerPorts[i] = FreePort.next();
            controllerPorts[i] = FreePort.next();
            voters.add((i + 1) + "@localhost:" + controllerPorts[i]);
            brokerAddresses.add("localhost:" + brokerPorts[i]);
        }
        List<TaskcastProcess> brokers = new ArrayList<>();
        for (int i = 0; i < BROKERS; i++) {
            TaskcastProcess broker = TaskcastProcess.start(List.of("-Xmx384m"), "kafka-node", "--node-id", String.valueOf(i + 1),
                    "--port", String.valueOf(brokerPorts[i]), "--controller-port", String.valueOf(controllerPorts[i]),
                    "--voters", String.join(",", voters), "--cluster-id", clusterId, "--replicas", "3",
                    "--data-dir", dir.resolve("kafka-" + (i + 1)).toString());
            all.add(broker);
            brokers.add(broker);
        }
        brokers.forEach(b -> b.awaitLine("Kafka node ", START));
        return brokers;
    }

    private TaskcastProcess role(Map<String, String> env, String bootstrap, EmbeddedStack stack, Path dir, String roles,
                                 List<TaskcastProcess> all) {
        int port = FreePort.next();
        TaskcastProcess process = TaskcastProcess.start(env, List.of(), "run", "--roles", roles, "--port",
                String.valueOf(port), "--kafka", bootstrap, "--redis-url", stack.redisUrl(), "--postgres-url",
                stack.postgresUrl(), "--state-dir", dir.resolve("state-" + port).toString());
        all.add(process);
        ports.put(process, port);
        return process;
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 15), lines.size());
    }

    private static void awaitAcknowledged(TickPublisher publisher, long count) {
        await().atMost(CATCH_UP).until(() -> publisher.acknowledgedCount() >= count);
    }
}
