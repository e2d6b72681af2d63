package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.FreePort;
import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

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
 * Two gateway processes in front of one processor and ingest, killed with SIGKILL in turn, three
 * times, while publishers run: each kill hits the gateway that serves every subscriber, which then
 * resumes on the other one with {@code Last-Event-ID}; the killed gateway is started again before
 * the next kill. Afterwards each subscriber saw its task's whole history once, in order, then
 * {@code done}.
 */
@ExtendWith(EmbeddedStackExtension.class)
@Order(8)
class GatewayKillsIT {

    private static final Map<String, String> ENVIRONMENT = Map.of("TASKCAST_KAFKA_TOPIC_PREFIX", "gwkills");
    private static final int TASKS = 4;
    private static final int KILLS = 3;
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration CATCH_UP = Duration.ofSeconds(120);

    @RegisterExtension
    static final SharedTaskcast TASKCAST = SharedTaskcast.withRoles("gateway-kills", List.of("processor", "ingest"),
            ENVIRONMENT);

    @Test
    void shouldGiveEveryResumingSubscriberItsWholeHistoryOnceAcrossRepeatedGatewayKills(EmbeddedStack stack, Http http)
            throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Gateway a = new Gateway(stack);
        Gateway b = new Gateway(stack);
        try {
            // given two gateways, tasks, a subscriber per task on the first gateway and publishers
            a.start();
            b.start();
            a.awaitReady();
            b.awaitReady();
            List<String> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                String id = "gw-kill-" + UUID.randomUUID();
                assertThat(http.post("/tasks", "{\"id\":\"" + id + "\"}").status()).isEqualTo(201);
                assertThat(http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
                tasks.add(id);
            }
            List<Http> gateways = new CopyOnWriteArrayList<>(List.of(a.http, b.http));
            List<ResumingSubscriber> subscribers = tasks.stream().map(id -> new ResumingSubscriber(id, gateways)).toList();
            subscribers.forEach(ResumingSubscriber::start);
            TickPublisher publisher = new TickPublisher(tasks, List.of(http), 2);
            publisher.start();

            // when the gateway serving every subscriber is killed, three times, at random moments
            Gateway serving = a;
            Gateway other = b;
            for (int kill = 1; kill <= KILLS; kill++) {
                await().atMost(CATCH_UP).until(() -> subscribers.stream().allMatch(s -> s.rawIndexes().size() > 2));
                awaitAcknowledged(publisher, publisher.acknowledgedCount() + 20 + random.nextInt(60));
                gateways.remove(serving.http);
                serving.kill();
                if (kill < KILLS) {
                    serving.start();
                    serving.awaitReady();
                    gateways.add(serving.http);
                }
                Gateway next = other;
                other = serving;
                serving = next;
            }
            awaitAcknowledged(publisher, publisher.acknowledgedCount() + 20);
            publisher.finish();
            for (String id : tasks) {
                assertThat(http.patch("/tasks/" + id + "/status", "{\"status\":\"completed\"}").status()).isEqualTo(200);
            }

            // then each subscriber saw its task's history once, in order, then done
            for (String id : tasks) {
                List<Long> indexes = CrashChecks.assertEveryAckKeptOnce(http, id, publisher.acknowledged(id));
                Gateway last = serving;
                CrashChecks.assertSubscriberSawAllThenDone(subscribers.get(tasks.indexOf(id)), indexes, "completed",
                        CATCH_UP, () -> "the gateway left said: " + last.tail());
            }
            System.out.printf("GatewayKillsIT (seed %d): %d events acknowledged over %d tasks; subscribers connected"
                    + " %s times%n", seed, publisher.acknowledgedCount(), TASKS,
                    subscribers.stream().map(ResumingSubscriber::connections).toList());
            assertThat(subscribers).allMatch(s -> s.connections() > KILLS, "every subscriber resumed after every kill");
        } finally {
            a.close();
            b.close();
        }
    }

    private static void awaitAcknowledged(TickPublisher publisher, long count) {
        await().atMost(CATCH_UP).until(() -> publisher.acknowledgedCount() >= count);
    }

    /** One gateway process, restarted on the same port so that clients find it where it was. */
    private static final class Gateway implements AutoCloseable {
        private final EmbeddedStack stack;
        private final int port = FreePort.next();
        final Http http = new Http(port);
        private TaskcastProcess current;

        Gateway(EmbeddedStack stack) {
            this.stack = stack;
        }

        void start() {
            current = TaskcastProcess.start(ENVIRONMENT, List.of("-XX:TieredStopAtLevel=1"), "run", "--roles",
                    "gateway", "--port", String.valueOf(port), "--kafka", stack.kafkaBootstrapServers(), "--redis-url",
                    stack.redisUrl(), "--postgres-url", stack.postgresUrl(), "--state-dir",
                    Path.of("target", "it-gateway-kills-" + port).toString());
        }

        void awaitReady() {
            current.awaitReady(START);
        }

        void kill() throws InterruptedException {
            current.kill();
        }

        String tail() {
            List<String> out = current.stdout();
            return String.join("\n", out.subList(Math.max(0, out.size() - 15), out.size()));
        }

        @Override
        public void close() {
            if (current != null) {
                current.close();
            }
        }
    }
}
