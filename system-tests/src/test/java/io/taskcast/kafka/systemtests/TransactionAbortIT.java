package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.FreePort;
import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.redis.RedisConnections;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fast path (docs/fast-path.md) under transactions that abort again and again: replies and
 * live events are read before their transaction commits, so everything a client was shown must be
 * what is finally committed. Processes: an edge (ingest and gateway) and two processors sharing the
 * partitions. While publishers write and subscribers follow every task and all tasks at once, three
 * kinds of abort are caused twice each: the processors' view writes fail (Redis refuses writes
 * longer than the client's timeout), one processor is killed with SIGKILL and restarted, and the
 * other is frozen past its session timeout, so the first takes its partitions, and then thawed, a
 * zombie until its commit is refused. Afterwards: every 201 names the event the log committed at
 * its index, each acknowledged event is in the history once, every SSE frame is the committed event
 * at its index, and no subscriber got an index twice or out of order — while the gateway did see
 * second copies (its counter), so the copies were there to be dropped.
 */
@ExtendWith(EmbeddedStackExtension.class)
@Order(3)
class TransactionAbortIT {

    private static final int TASKS = 4;
    private static final int ACKS_PER_STEP = 40;
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration CATCH_UP = Duration.ofSeconds(180);
    /** Longer than the Jedis client's 2 s read timeout: a view write in the pause fails. */
    private static final String REDIS_WRITE_PAUSE_MS = "2500";
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    /** Past the session timeout, within the transaction timeout (10 s): the thawed processor still holds its transaction. */
    private static final Duration FREEZE = Duration.ofSeconds(8);
    private static final Pattern COPIES = Pattern.compile("(?m)^taskcast_gateway_event_copies_dropped_total\\S* (\\S+)$");

    @TempDir
    Path temp;
    /** Its own: the shared stack's Redis, paused, would stall the test classes running beside this one. */
    private KillableRedis ownRedis;

    @BeforeEach
    void startRedis() {
        ownRedis = KillableRedis.start(temp.resolve("redis"));
    }

    @AfterEach
    void stopRedis() {
        ownRedis.close();
    }

    @Test
    void shouldShowClientsOnlyWhatIsFinallyCommittedWhileTransactionsAbortUnderLoad(EmbeddedStack stack) throws Exception {
        String prefix = "abort" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = Map.of("TASKCAST_KAFKA_TOPIC_PREFIX", prefix,
                "TASKCAST_PROCESSOR_SESSION_TIMEOUT", SESSION_TIMEOUT.toSeconds() + "s");
        int edgePort = FreePort.next();
        String[] processorA = args(stack, "processor", FreePort.next(), temp.resolve("state-a"));
        try (TaskcastProcess edge = TaskcastProcess.start(env, List.of(), args(stack, "ingest,gateway", edgePort,
                temp.resolve("state-edge")));
             RestartableProcess killed = new RestartableProcess(() -> TaskcastProcess.start(env, List.of(), processorA),
                     START);
             TaskcastProcess frozen = TaskcastProcess.start(env, List.of(), args(stack, "processor", FreePort.next(),
                     temp.resolve("state-b")));
             RedisClient redis = RedisConnections.open(ownRedis.url())) {
            // given: the edge and two processors, tasks running, a subscriber per task and one to all tasks
            edge.awaitReady(START);
            killed.start();
            frozen.awaitReady(START);
            Http http = new Http(edgePort);
            List<String> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                String id = prefix + "-" + i;
                // 202 while the two processors still share out the partitions: durable, applied soon
                assertThat(http.post("/tasks", "{\"id\":\"" + id + "\"}").status()).isIn(201, 202);
                await().atMost(START).until(() -> http.get("/tasks/" + id).status() == 200);
                assertThat(http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}").status()).isIn(200, 202);
                await().atMost(START).until(() -> hasStatus(http, id, "running"));
                tasks.add(id);
            }
            List<ResumingSubscriber> followers = tasks.stream().map(id -> new ResumingSubscriber(id, List.of(http))).toList();
            followers.forEach(ResumingSubscriber::start);
            GlobalFollower everyTask = new GlobalFollower(http);
            everyTask.start();
            await().atMost(START).until(() -> followers.stream().allMatch(f -> f.connections() > 0)
                    && everyTask.connected());
            TickPublisher publisher = new TickPublisher(tasks, List.of(http), 2);
            publisher.start();
            awaitAcknowledged(publisher, ACKS_PER_STEP);

            // when: transactions abort, three ways, twice each, while the load goes on
            for (int round = 0; round < 2; round++) {
                redis.sendCommand(Protocol.Command.CLIENT, "PAUSE", REDIS_WRITE_PAUSE_MS, "WRITE");
                awaitAcknowledged(publisher, publisher.acknowledgedCount() + ACKS_PER_STEP);
                killed.killAndRestart();
                awaitAcknowledged(publisher, publisher.acknowledgedCount() + ACKS_PER_STEP);
                frozen.signal("STOP");
                Thread.sleep(FREEZE.toMillis());
                frozen.signal("CONT");
                awaitAcknowledged(publisher, publisher.acknowledgedCount() + ACKS_PER_STEP);
            }
            publisher.finish();
            for (String id : tasks) {
                await().atMost(CATCH_UP).until(() -> http.patch("/tasks/" + id + "/status",
                        "{\"status\":\"completed\"}").status() != 503);
            }

            // then: the history holds every acknowledged event once, at the index and with the id its 201 gave
            Map<String, List<TaskEvent>> committed = new LinkedHashMap<>();
            for (String id : tasks) {
                await().atMost(CATCH_UP).until(() -> hasStatus(http, id, "completed"));
                CrashChecks.assertEveryAckKeptOnce(http, id, publisher.acknowledged(id));
            }
            Map<String, List<TaskEvent>> log = CommittedLog.events(stack.kafkaBootstrapServers(), prefix);
            for (String id : tasks) {
                List<TaskEvent> events = log.get(id);
                committed.put(id, events);
                // and the history is what the log committed
                assertThat(history(http, id)).as("history of %s equals the committed log", id)
                        .isEqualTo(events.stream().map(e -> e.index() + " " + e.id()).toList());
                // and every 201 named the committed event at its index
                publisher.acknowledged(id).stream().filter(a -> a.index() != null).forEach(a ->
                        assertThat(events.get(a.index().intValue()).id()).as("event %d of %s, as its 201 said", a.index(), id)
                                .isEqualTo(a.eventId()));
            }
            // and each task's subscriber saw exactly the committed events, each once, in order, then done
            for (ResumingSubscriber follower : followers) {
                List<TaskEvent> events = committed.get(follower.taskId());
                CrashChecks.assertSubscriberSawAllThenDone(follower, events.stream().map(TaskEvent::index).toList(),
                        "completed", CATCH_UP, () -> edge.lastWarnings(10));
                assertThat(follower.eventIds()).as("event ids sent to the subscriber of %s", follower.taskId())
                        .isEqualTo(events.stream().map(TaskEvent::id).toList());
            }
            // and the subscriber to every task saw each task's committed events from its start on, each once, in order
            await().atMost(CATCH_UP).until(() -> everyTask.count() >= tasksEventsAfterStart(committed));
            for (String id : tasks) {
                List<TaskEvent> events = committed.get(id);
                assertThat(everyTask.seen(id)).as("what the global stream sent of %s", id)
                        .isEqualTo(events.subList(1, events.size()).stream().map(e -> e.index() + " " + e.id()).toList());
            }
            // and the gateway did drop copies: transactions whose events it had read were aborted and redone
            long copies = copiesDropped(http);
            System.out.printf("TransactionAbortIT: %d events acknowledged (%d answered 202), %d unknown; the gateway"
                    + " dropped %d second copies; subscribers connected %s times%n", publisher.acknowledgedCount(),
                    tasks.stream().mapToLong(id -> publisher.acknowledged(id).stream().filter(a -> a.status() == 202).count()).sum(),
                    publisher.unknownCount(), copies, followers.stream().map(ResumingSubscriber::connections).toList());
            assertThat(copies).as("second copies the gateway dropped (none means no abort hit events already read)")
                    .isPositive();
            everyTask.interrupt();
        }
    }

    private static boolean hasStatus(Http http, String taskId, String status) {
        Http.Response r = http.get("/tasks/" + taskId);
        return r.status() == 200 && status.equals(r.json().get("status").asString());
    }

    private static List<String> history(Http http, String taskId) {
        List<String> events = new ArrayList<>();
        http.get("/tasks/" + taskId + "/events/history?limit=100000").json()
                .forEach(e -> events.add(e.get("index").asLong() + " " + e.get("id").asString()));
        return events;
    }

    private static long tasksEventsAfterStart(Map<String, List<TaskEvent>> committed) {
        return committed.values().stream().mapToLong(events -> events.size() - 1).sum();
    }

    private static long copiesDropped(Http http) {
        Matcher m = COPIES.matcher(http.get("/actuator/prometheus").body());
        assertThat(m.find()).as("the gateway's copies counter on /actuator/prometheus").isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    private static void awaitAcknowledged(TickPublisher publisher, long count) {
        await().atMost(CATCH_UP).until(() -> publisher.acknowledgedCount() >= count);
    }

    private String[] args(EmbeddedStack stack, String roles, int port, Path state) {
        return new String[] {"run", "--roles", roles, "--port", String.valueOf(port), "--kafka",
                stack.kafkaBootstrapServers(), "--redis-url", ownRedis.url(), "--postgres-url", stack.postgresUrl(),
                "--state-dir", state.toString()};
    }

    /** Follows {@code GET /events} (every task, wrapped) on one connection; records each event as "index id" per task. */
    private static final class GlobalFollower extends Thread {
        private final Http http;
        private final Map<String, List<String>> seen = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile boolean connected;
        private volatile long count;

        GlobalFollower(Http http) {
            super("global-follower");
            this.http = http;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (SseClient sse = SseClient.open(http, "/events")) {
                connected = true;
                int read = 0;
                while (!sse.ended()) {
                    List<SseClient.Frame> frames = sse.frames();
                    for (; read < frames.size(); read++) {
                        SseClient.Frame frame = frames.get(read);
                        if ("taskcast.event".equals(frame.event())) {
                            var json = frame.json();
                            seen.computeIfAbsent(json.get("taskId").asString(), k -> new CopyOnWriteArrayList<>())
                                    .add(json.get("rawIndex").asLong() + " " + json.get("eventId").asString());
                            count++;
                        }
                    }
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        boolean connected() {
            return connected;
        }

        long count() {
            return count;
        }

        List<String> seen(String taskId) {
            return seen.getOrDefault(taskId, List.of());
        }
    }
}
