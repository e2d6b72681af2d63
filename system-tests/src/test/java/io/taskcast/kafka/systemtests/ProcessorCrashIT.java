package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.FreePort;
import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.redis.RedisConnections;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Architecture invariant 2: the processor, killed with SIGKILL while commands flow and restarted,
 * loses nothing that was acknowledged (201, or 202 = durable and pending), applies nothing twice,
 * reuses no index, and leaves Redis equal to what the event log says.
 */
@ExtendWith(EmbeddedStackExtension.class)
@Order(10)
class ProcessorCrashIT {

    private static final String PREFIX = "crash";
    private static final int TASKS = 4;
    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path temp;

    /** One acknowledged publish: which task, its unique marker, and the index a 201 reported. */
    private record Ack(String taskId, int marker, int status, Long index, String body) {
    }

    @Test
    void shouldKeepEveryAcknowledgedEventExactlyOnceAcrossProcessorKills(EmbeddedStack stack) throws Exception {
        List<String> jvm = List.of("-Dtaskcast.kafka.topic-prefix=" + PREFIX, "-Dtaskcast.ingest.reply-timeout=2s");
        int port = FreePort.next();
        Path state = temp.resolve("processor-state");
        String[] processorArgs = args(stack, "processor", FreePort.next(), state);
        try (TaskcastProcess ingest = TaskcastProcess.start(jvm, args(stack, "ingest", port, state));
             RestartableProcess processors = new RestartableProcess(
                     () -> TaskcastProcess.start(jvm, processorArgs), START)) {
            ingest.awaitReady(START);
            processors.start();
            Http http = new Http(port);
            for (int t = 0; t < TASKS; t++) {
                assertThat(http.post("/tasks", "{\"id\":\"crash-" + t + "\"}").status()).isEqualTo(201);
            }

            // when: publishers run while the processor is killed twice
            ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService publishers = startPublishers(http, acks, running);
            awaitAcks(acks, 40);
            processors.killAndRestart();
            awaitAcks(acks, acks.size() + 40);
            processors.killAndRestart();
            awaitAcks(acks, acks.size() + 40);
            running.set(false);
            publishers.shutdown();
            assertThat(publishers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            // then: the kills were felt (some commands were only durable when answered) and nothing was lost
            long pending = acks.stream().filter(a -> a.status() == 202).count();
            System.out.printf("ProcessorCrashIT: %d acknowledged publishes, %d of them answered 202%n", acks.size(), pending);
            assertThat(acks).allSatisfy(a -> assertThat(a.status()).isIn(201, 202));
            assertThat(pending).as("publishes answered 202 while the processor was down").isPositive();
            assertEveryAckAppliedExactlyOnce(stack, acks);
        }
    }

    private void assertEveryAckAppliedExactlyOnce(EmbeddedStack stack, ConcurrentLinkedQueue<Ack> acks) {
        Map<String, List<Ack>> byTask = acks.stream().collect(Collectors.groupingBy(Ack::taskId));
        try (RedisClient redis = RedisConnections.open(stack.redisUrl())) {
            RedisTaskViews views = new RedisTaskViews(redis, null);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> byTask.forEach((taskId, taskAcks) ->
                    assertThat(views.history(taskId)).hasSize(taskAcks.size())));
            Map<String, List<TaskEvent>> log = CommittedLog.events(stack.kafkaBootstrapServers(), PREFIX);
            byTask.forEach((taskId, taskAcks) -> {
                List<TaskEvent> history = views.history(taskId);
                assertThat(history).extracting(TaskEvent::index)
                        .containsExactlyElementsOf(LongStream.range(0, taskAcks.size()).boxed().toList());
                Map<Integer, Long> indexByMarker = history.stream()
                        .collect(Collectors.toMap(e -> e.data().get("marker").asInt(), TaskEvent::index));
                assertThat(indexByMarker.keySet()).containsExactlyInAnyOrderElementsOf(
                        taskAcks.stream().map(Ack::marker).toList());
                taskAcks.stream().filter(a -> a.index() != null).forEach(a ->
                        assertThat(indexByMarker.get(a.marker())).as("index of marker %d", a.marker())
                                .isEqualTo(a.index()));
                assertThat(log.get(taskId)).as("event log of %s equals Redis", taskId).isEqualTo(history);
            });
        }
    }

    private static ExecutorService startPublishers(Http http, ConcurrentLinkedQueue<Ack> acks, AtomicBoolean running) {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger markers = new AtomicInteger();
        for (int p = 0; p < 4; p++) {
            pool.submit(() -> {
                while (running.get()) {
                    int marker = markers.getAndIncrement();
                    String taskId = "crash-" + (marker % TASKS);
                    Http.Response r = http.post("/tasks/" + taskId + "/events",
                            "{\"type\":\"tick\",\"data\":{\"marker\":" + marker + "}}");
                    Long index = r.status() == 201 ? r.json().get("index").asLong() : null;
                    acks.add(new Ack(taskId, marker, r.status(), index, r.status() >= 300 ? r.body() : ""));
                }
                return null;
            });
        }
        return pool;
    }

    private static void awaitAcks(ConcurrentLinkedQueue<Ack> acks, int count) {
        await().atMost(Duration.ofSeconds(120)).until(() -> acks.size() >= count);
    }

    private static String[] args(EmbeddedStack stack, String role, int port, Path state) {
        return new String[] {"run", "--roles", role, "--port", "" + port, "--kafka", stack.kafkaBootstrapServers(),
                "--redis-url", stack.redisUrl(), "--postgres-url", stack.postgresUrl(), "--state-dir", state.toString()};
    }
}
