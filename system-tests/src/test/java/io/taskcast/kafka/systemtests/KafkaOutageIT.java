package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.FreePort;
import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The only broker stops answering, then dies, while publishers write through the API and
 * subscribers follow their tasks; the roles (processor, ingest, gateway in one process) are never
 * restarted. First the broker is paused (SIGSTOP) past the send timeout: a write in flight gets 503
 * saying its outcome is unknown, not a hang. Then it is killed with SIGKILL, held down for 20 s and
 * started again on the same port and log directory. While it is down every request is answered in
 * bounded time: writes 503 {@code KAFKA_UNAVAILABLE}, never a 201 that is not durable; reads from
 * Redis and the archive as usual; readiness 503 naming kafka. After each outage the service resumes
 * by itself, and in the end every acknowledged write (201, or 202) is in its task's history exactly
 * once with contiguous indexes, and every subscriber saw that history.
 */
@ExtendWith(EmbeddedStackExtension.class)
@Order(4)
class KafkaOutageIT {

    private static final int TASKS = 3;
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    /** The send timeout (15 s, taskcast.ingest.send-timeout) with room for a loaded machine; Http gives up at 30 s. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(25);

    /** What one publish request got: its task, its unique sequence number, the answer and how long it took. */
    private record Outcome(String taskId, long seq, int status, String body, Duration took, boolean whileDown) {
        boolean acknowledged() {
            return status == 201 || status == 202;
        }
    }

    @Test
    void shouldAnswer503WhileKafkaIsDownAndKeepEveryAcknowledgedWriteOnceItIsBack(EmbeddedStack stack) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "kafka-outage-");
        Broker broker = new Broker(dir);
        int port = FreePort.next();
        broker.start();
        TaskcastProcess app = null;
        try {
            app = TaskcastProcess.start(Map.of("TASKCAST_KAFKA_TOPIC_PREFIX",
                             "kdown" + UUID.randomUUID().toString().substring(0, 8),
                             "TASKCAST_KAFKA_REPLICATION_FACTOR", "1"), List.of(),
                     "run", "--roles", "processor,ingest,gateway", "--port", String.valueOf(port),
                     "--kafka", broker.address(), "--redis-url", stack.redisUrl(), "--postgres-url", stack.postgresUrl(),
                     "--state-dir", dir.resolve("state").toString());
            app.awaitReady(START);
            Http http = new Http(port);
            // given: running tasks, each followed by a subscriber and written to by a publisher
            List<String> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                String id = "kdown-" + UUID.randomUUID();
                assertThat(http.post("/tasks", "{\"id\":\"" + id + "\",\"type\":\"kdown\"}").status()).isEqualTo(201);
                assertThat(http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
                tasks.add(id);
            }
            List<ResumingSubscriber> followers = tasks.stream().map(id -> new ResumingSubscriber(id, List.of(http))).toList();
            followers.forEach(ResumingSubscriber::start);
            Publishers publishers = new Publishers(http, tasks);
            publishers.awaitAcknowledged(30);

            // when: the broker stops answering (SIGSTOP: connections stay open, requests go unanswered)
            broker.pause();
            publishers.down.set(true);
            // then: a write is answered 503 once the send timeout passes, saying the outcome is unknown
            Http.Response unconfirmed = timed(() -> http.post("/tasks/" + tasks.get(0) + "/events",
                    "{\"type\":\"unconfirmed\",\"data\":null}"));
            assertKafkaUnavailable(unconfirmed.status(), unconfirmed.body());
            assertThat(unconfirmed.body()).contains("may or may not have been recorded");
            assertThat(kafkaReady(http)).as("readiness while the broker is paused").isFalse();
            // and when it answers again, so does the API, by itself
            broker.resume();
            publishers.down.set(false);
            await().atMost(START).until(() -> kafkaReady(http));
            publishers.awaitAcknowledged(publishers.acknowledgedCount() + 30);

            // when: the broker dies and stays down
            broker.kill();
            Instant killed = Instant.now();
            publishers.down.set(true);
            await().atMost(Duration.ofSeconds(30)).until(() -> !kafkaReady(http));

            // then: a write is refused in bounded time, saying why; reads go on
            Http.Response create = timed(() -> http.post("/tasks", "{\"id\":\"kdown-refused-" + UUID.randomUUID() + "\"}"));
            assertKafkaUnavailable(create.status(), create.body());
            String task = tasks.get(0);
            assertThat(timed(() -> http.get("/tasks/" + task)).status()).isEqualTo(200);
            assertThat(timed(() -> http.get("/tasks/" + task + "/events/history")).json()).isNotEmpty();
            assertThat(timed(() -> http.get("/tasks?type=kdown")).json().get("tasks")).hasSizeGreaterThanOrEqualTo(TASKS);
            try (SseClient stream = timed(() -> SseClient.open(http, "/tasks/" + task + "/events"))) {
                assertThat(stream.status()).as("a new stream opens and replays from Redis").isEqualTo(200);
                await().atMost(Duration.ofSeconds(10)).until(() -> !stream.events().isEmpty());
            }
            Http.Response readiness = timed(() -> http.get("/health/ready"));
            assertThat(readiness.status()).isEqualTo(503);
            JsonNode dependencies = readiness.json().get("dependencies");
            assertThat(dependencies.get("kafka").get("ok").asBoolean()).as(readiness.body()).isFalse();
            assertThat(dependencies.get("redis").get("ok").asBoolean()).as(readiness.body()).isTrue();
            assertThat(dependencies.get("postgres").get("ok").asBoolean()).as(readiness.body()).isTrue();
            // and it stays so for the whole outage while the publishers go on
            await().atMost(OUTAGE.plusSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                assertThat(kafkaReady(http)).as("Kafka still down").isFalse();
                return Duration.between(killed, Instant.now()).compareTo(OUTAGE) >= 0;
            });

            // when: the broker is back on the same port and log directory; the roles are not restarted
            broker.start();
            publishers.down.set(false);
            await().atMost(START).until(() -> kafkaReady(http));
            // then: writes are acknowledged again by themselves
            publishers.awaitAcknowledged(publishers.acknowledgedCount() + 30);
            publishers.stop();
            for (String id : tasks) {
                int status = http.patch("/tasks/" + id + "/status", "{\"status\":\"completed\"}").status();
                assertThat(status).as("completing %s", id).isIn(200, 202);
            }

            // and every acknowledged event is in its task's history once, indexes contiguous
            List<Outcome> outcomes = publishers.outcomes();
            for (String id : tasks) {
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        "completed".equals(http.get("/tasks/" + id).json().get("status").asString()));
                List<Long> indexes = CrashChecks.assertEveryAckKeptOnce(http, id, outcomes.stream()
                        .filter(o -> o.taskId().equals(id) && o.acknowledged())
                        .map(o -> new TickPublisher.Ack(id, o.seq(), o.status(), null, null)).toList());
                // and its subscriber saw exactly that history, continuing or resuming across the outage, then done
                ResumingSubscriber follower = followers.get(tasks.indexOf(id));
                await().atMost(Duration.ofSeconds(60)).until(() -> follower.done() != null);
                assertThat(follower.rawIndexes()).as("what the subscriber of %s saw", id).isEqualTo(indexes);
                assertThat(follower.done()).isEqualTo("completed");
            }
            // and no write was answered other than 201/202 or 503 KAFKA_UNAVAILABLE, each in bounded time
            for (Outcome outcome : outcomes) {
                assertThat(outcome.took()).as("answer to %s", outcome).isLessThan(ANSWER_BOUND);
                if (!outcome.acknowledged()) {
                    assertKafkaUnavailable(outcome.status(), outcome.body());
                }
            }
            long refused = outcomes.stream().filter(o -> o.status() == 503).count();
            long refusedButStored = outcomes.stream().filter(o -> o.status() == 503).filter(o -> storedSeqs(http, o.taskId())
                    .contains(o.seq())).count();
            System.out.printf("KafkaOutageIT: %d writes, %d acknowledged, %d answered 503 (%d of them stored after all),"
                            + " subscribers connected %s times%n", outcomes.size(),
                    outcomes.stream().filter(Outcome::acknowledged).count(), refused, refusedButStored,
                    followers.stream().map(ResumingSubscriber::connections).toList());
            assertThat(outcomes).as("writes answered while Kafka was down")
                    .anyMatch(o -> o.whileDown() && o.status() == 503);
            assertThat(app.isAlive()).isTrue();
        } finally {
            if (app != null) {
                app.close();
                // For whoever reads a failure: what the roles said while the broker was away.
                Files.write(dir.resolve("taskcast.log"), app.stdout());
                Files.write(dir.resolve("taskcast.err"), app.stderr());
            }
            broker.close();
        }
    }

    private static List<Long> storedSeqs(Http http, String taskId) {
        List<Long> seqs = new ArrayList<>();
        http.get("/tasks/" + taskId + "/events/history?types=tick&limit=100000").json()
                .forEach(e -> seqs.add(e.get("data").get("seq").asLong()));
        return seqs;
    }

    private static void assertKafkaUnavailable(int status, String body) {
        assertThat(status).as(body).isEqualTo(503);
        assertThat(body).contains("\"code\":\"KAFKA_UNAVAILABLE\"").contains("(Kafka)");
    }

    private static <T> T timed(Supplier<T> request) {
        long start = System.nanoTime();
        T answer = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("answered after %s", took).isLessThan(ANSWER_BOUND);
        return answer;
    }

    /** What the application's readiness probe says of Kafka. */
    private static boolean kafkaReady(Http http) {
        return http.get("/health/ready").json().get("dependencies").get("kafka").get("ok").asBoolean();
    }

    /** A single-node KRaft cluster as its own process, which can be killed and started again on the same port and data. */
    private static final class Broker implements AutoCloseable {
        private final Path dir;
        private final int port = FreePort.next();
        private final int controllerPort = FreePort.next();
        private final String clusterId;
        private TaskcastProcess process;

        Broker(Path dir) {
            this.dir = dir;
            UUID uuid = UUID.randomUUID();
            this.clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(16)
                    .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
        }

        String address() {
            return "localhost:" + port;
        }

        void start() {
            process = TaskcastProcess.start(List.of("-Xmx384m"), "kafka-node", "--node-id", "1",
                    "--port", String.valueOf(port), "--controller-port", String.valueOf(controllerPort),
                    "--voters", "1@localhost:" + controllerPort, "--cluster-id", clusterId, "--replicas", "1",
                    "--data-dir", dir.resolve("kafka").toString());
            process.awaitLine("Kafka node ", START);
        }

        void kill() throws InterruptedException {
            process.kill();
        }

        void pause() {
            process.signal("STOP");
        }

        void resume() {
            process.signal("CONT");
        }

        @Override
        public void close() {
            if (process != null) {
                process.close();
            }
        }
    }

    /** One thread per task publishing numbered events through the API, keeping every answer. */
    private static final class Publishers {
        private final ExecutorService threads;
        private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicBoolean down = new AtomicBoolean();

        Publishers(Http http, List<String> tasks) {
            threads = Executors.newFixedThreadPool(tasks.size());
            for (int t = 0; t < tasks.size(); t++) {
                String taskId = tasks.get(t);
                long first = t * 1_000_000L;
                threads.submit(() -> publish(http, taskId, first));
            }
        }

        private void publish(Http http, String taskId, long first) {
            for (long seq = first; running.get(); seq++) {
                boolean whileDown = down.get();
                long start = System.nanoTime();
                int status;
                String body;
                try {
                    Http.Response response = http.post("/tasks/" + taskId + "/events",
                            "{\"type\":\"tick\",\"data\":{\"seq\":" + seq + "}}");
                    status = response.status();
                    body = response.body();
                } catch (RuntimeException e) {
                    // No answer at all (e.g. none within Http's 30 s): recorded, and the checks below fail on it.
                    status = -1;
                    body = e.toString();
                }
                outcomes.add(new Outcome(taskId, seq, status, body, Duration.ofNanos(System.nanoTime() - start),
                        whileDown || down.get()));
            }
        }

        long acknowledgedCount() {
            return outcomes.stream().filter(Outcome::acknowledged).count();
        }

        void awaitAcknowledged(long count) {
            await().atMost(START).until(() -> outcomes.stream().filter(Outcome::acknowledged).count() >= count);
        }

        void stop() throws InterruptedException {
            running.set(false);
            threads.shutdown();
            assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).as("publishers stopped").isTrue();
        }

        List<Outcome> outcomes() {
            return List.copyOf(outcomes);
        }
    }
}
