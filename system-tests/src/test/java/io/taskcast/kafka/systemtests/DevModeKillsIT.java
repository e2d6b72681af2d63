package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.FreePort;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code taskcast dev} (every role, embedded Kafka, Redis and Postgres) killed with SIGKILL three
 * times while publishers and subscribers run, and restarted each time on the same data directory
 * and the same ports. Each kill leaves the JVM's redis-server and postgres running as orphans that
 * hold those ports; the next start must end them. Afterwards every acknowledged event is kept once
 * at its index, and every subscriber, resuming with {@code Last-Event-ID} after each kill, saw
 * each task's whole history once and then {@code done}. After each restart, the first write once
 * {@code /health/ready} says 200 is applied and answered (201).
 */
@Order(2)
class DevModeKillsIT {

    private static final int TASKS = 3;
    private static final int KILLS = 3;
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration CATCH_UP = Duration.ofSeconds(120);
    /**
     * A killed processor's partitions wait out its session before the restarted one gets them; 15 s
     * is longer than a restart takes, so the restarted server is up while its processor still waits,
     * and a reply timeout well below it makes a write in that window a 202 rather than a slow 201,
     * which the readiness check below notices.
     */
    private static final Map<String, String> ENVIRONMENT = Map.of("TASKCAST_PROCESSOR_SESSION_TIMEOUT", "15s",
            "TASKCAST_INGEST_REPLY_TIMEOUT", "2s");

    @TempDir
    Path temp;

    @Test
    void shouldKeepEveryAcknowledgedEventOnceAcrossRepeatedKillsOfTheWholeDevSystem() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (DevSystem dev = new DevSystem(temp.resolve("data"), ENVIRONMENT)) {
            // given the dev system with tasks, a subscriber per task and publishers, and a task to probe with
            dev.start();
            Http http = new Http(dev.port);
            String probe = "dev-kill-probe-" + UUID.randomUUID();
            assertThat(http.post("/tasks", "{\"id\":\"" + probe + "\"}").status()).isEqualTo(201);
            assertThat(http.patch("/tasks/" + probe + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
            List<String> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                String id = "dev-kill-" + UUID.randomUUID();
                assertThat(http.post("/tasks", "{\"id\":\"" + id + "\"}").status()).isEqualTo(201);
                assertThat(http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
                tasks.add(id);
            }
            List<Http> servers = new CopyOnWriteArrayList<>(List.of(http));
            List<ResumingSubscriber> subscribers = tasks.stream().map(id -> new ResumingSubscriber(id, servers)).toList();
            subscribers.forEach(ResumingSubscriber::start);
            TickPublisher publisher = new TickPublisher(tasks, servers, TASKS);
            publisher.start();

            // when the whole system is killed at random moments and started again each time
            for (int kill = 1; kill <= KILLS; kill++) {
                awaitAcknowledged(publisher, publisher.acknowledgedCount() + 15 + random.nextInt(50));
                Orphans orphans = dev.kill();
                assertThat(orphans.alive()).as("redis-server and postgres outlive the killed JVM").isTrue();
                dev.launch();
                assertFirstWriteAfterReadinessApplied(http, probe, kill);
                dev.awaitStarted();
                assertThat(orphans.anyAlive()).as("orphans of kill %d still running after the restart", kill).isFalse();
            }
            awaitAcknowledged(publisher, publisher.acknowledgedCount() + 30);
            publisher.finish();
            for (String id : tasks) {
                complete(http, id);
            }

            // then every acknowledged event is there once, and every subscriber saw all of it, then done
            for (String id : tasks) {
                List<Long> indexes = CrashChecks.assertEveryAckKeptOnce(http, id, publisher.acknowledged(id));
                ResumingSubscriber subscriber = subscribers.get(tasks.indexOf(id));
                CrashChecks.assertSubscriberSawAllThenDone(subscriber, indexes, "completed", CATCH_UP,
                        () -> "dev said: " + dev.tail());
            }
            System.out.printf("DevModeKillsIT (seed %d): %d events acknowledged, %d with unknown outcome, %d refused"
                            + " while down, over %d tasks; subscribers connected %s times; starts took %s s%n", seed,
                    publisher.acknowledgedCount(), publisher.unknownCount(), publisher.notSentCount(), TASKS,
                    subscribers.stream().map(ResumingSubscriber::connections).toList(), dev.startSeconds);
            assertThat(subscribers).allMatch(s -> s.connections() > KILLS, "every subscriber resumed after every kill");
            dev.stopCleanly();
        }
    }

    /**
     * Readiness means ready: asked as often as a load balancer might, {@code /health/ready} turns 200
     * only once a write is applied and answered (201), not only made durable (202) while the
     * processor still restores its state or waits for its partitions.
     */
    private static void assertFirstWriteAfterReadinessApplied(Http http, String probe, int kill) {
        await().atMost(START).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> http.get("/health/ready").status() == 200);
        Http.Response first = http.post("/tasks/" + probe + "/events", "{\"type\":\"probe\",\"data\":" + kill + "}");
        assertThat(first.status()).as("first write after readiness, restart %d: %s", kill, first.body()).isEqualTo(201);
    }

    /** A terminal transition right after a restart may only be durable (202) when answered; it still happens. */
    private static void complete(Http http, String id) {
        int status = http.patch("/tasks/" + id + "/status", "{\"status\":\"completed\"}").status();
        assertThat(status).isIn(200, 202);
        await().atMost(CATCH_UP).until(() -> http.get("/tasks/" + id).json().get("status").asString().equals("completed"));
    }

    private static void awaitAcknowledged(TickPublisher publisher, long count) {
        await().atMost(START).until(() -> publisher.acknowledgedCount() >= count);
    }

    /** The servers a killed dev JVM left behind, read from their pid files before the kill. */
    private record Orphans(List<ProcessHandle> processes) {
        boolean alive() {
            return !processes.isEmpty() && processes.stream().allMatch(ProcessHandle::isAlive);
        }

        boolean anyAlive() {
            return processes.stream().anyMatch(ProcessHandle::isAlive);
        }
    }

    /** {@code taskcast dev} on fixed ports and one data directory, started again after each kill. */
    private static final class DevSystem implements AutoCloseable {
        final int port = FreePort.next();
        private final Path dataDir;
        private final String[] args;
        private final Map<String, String> environment;
        private final List<ProcessHandle> servers = new ArrayList<>();
        private final List<Long> startSeconds = new ArrayList<>();
        private TaskcastProcess current;
        private long launchedAt;

        DevSystem(Path dataDir, Map<String, String> environment) {
            this.dataDir = dataDir;
            this.environment = environment;
            this.args = new String[] {"dev", "--port", "" + port, "--data-dir", dataDir.toString(),
                    "--kafka-port", "" + FreePort.next(), "--redis-port", "" + FreePort.next(),
                    "--postgres-port", "" + FreePort.next()};
        }

        void start() throws IOException {
            launch();
            awaitStarted();
        }

        /** Starts the process without waiting for it to be ready. */
        void launch() {
            launchedAt = System.nanoTime();
            // C1 only: these JVMs live for seconds, so a faster start matters more than peak speed.
            current = TaskcastProcess.start(environment, List.of("-XX:TieredStopAtLevel=1"), args);
        }

        /** Waits for the ready line of the process {@link #launch()} started. */
        void awaitStarted() throws IOException {
            current.awaitReady(START);
            startSeconds.add((System.nanoTime() - launchedAt) / 1_000_000_000);
            servers.addAll(serverProcesses());
        }

        /** SIGKILL: no shutdown hook runs, so redis-server and postgres are left running. */
        Orphans kill() throws IOException, InterruptedException {
            List<ProcessHandle> running = serverProcesses();
            current.kill();
            return new Orphans(running);
        }

        void stopCleanly() throws Exception {
            List<ProcessHandle> running = serverProcesses();
            assertThat(current.stop(Duration.ofSeconds(60))).isEqualTo(143);
            assertThat(running).as("servers stopped with the dev system").noneMatch(ProcessHandle::isAlive);
        }

        String tail() {
            List<String> out = current.stdout();
            return String.join("\n", out.subList(Math.max(0, out.size() - 20), out.size()));
        }

        private List<ProcessHandle> serverProcesses() throws IOException {
            List<ProcessHandle> found = new ArrayList<>();
            for (Path pidFile : List.of(dataDir.resolve("redis/redis.pid"), dataDir.resolve("postgres/data/postmaster.pid"))) {
                long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.US_ASCII).get(0).trim());
                found.add(ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid + " from " + pidFile)));
            }
            return found;
        }

        /** Whatever happened, leaves no JVM and no server process behind. */
        @Override
        public void close() throws InterruptedException {
            if (current != null && current.isAlive()) {
                try {
                    current.stop(Duration.ofSeconds(60));
                } catch (AssertionError e) {
                    current.close();
                }
            }
            for (ProcessHandle server : servers) {
                server.destroy();
            }
        }
    }
}
