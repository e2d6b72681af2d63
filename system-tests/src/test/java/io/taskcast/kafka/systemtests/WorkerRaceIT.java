package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import io.taskcast.kafka.testkit.FreePort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20's race (docs/workers.md): 50 workers long-poll for pull tasks through two API instances
 * (every poll on the other instance than the last), two loops per worker against a capacity of one,
 * while 1,000 tasks are created through both. Each task must go to exactly one worker that runs
 * it, no worker may ever hold two tasks at once (as the workers see it, and as the tasks'
 * histories say), and every task must be run to the end.
 */
@ExtendWith(EmbeddedStackExtension.class)
class WorkerRaceIT {

    private static final int WORKERS = 50;
    private static final int TASKS = 1_000;

    @RegisterExtension
    static final SharedTaskcast TASKCAST = WorkerPullIT.TASKCAST;

    private static TaskcastProcess secondApi;
    private static Http apiA;
    private static Http apiB;

    @BeforeAll
    static void start(Http http) {
        apiA = http;
        int port = FreePort.next();
        var stack = EmbeddedStackExtension.stack();
        secondApi = TaskcastProcess.start(Map.of("TASKCAST_KAFKA_TOPIC_PREFIX", "workers-it-",
                        "TASKCAST_WORKERS_ENABLED", "true"), List.of(), "run", "--roles", "ingest",
                "--port", String.valueOf(port), "--kafka", stack.kafkaBootstrapServers(),
                "--redis-url", stack.redisUrl(), "--postgres-url", stack.postgresUrl(),
                "--state-dir", Path.of("target", "it-ingest-" + port).toString());
        secondApi.awaitReady(Duration.ofSeconds(90));
        apiB = new Http(port);
    }

    @AfterAll
    static void stop() {
        if (secondApi != null) {
            secondApi.close();
        }
    }

    @Test
    void shouldGiveEveryTaskToOneWorkerWithinItsCapacityThroughTwoApisAndRunEveryTask() throws Exception {
        String type = "race-" + UUID.randomUUID();
        Map<String, String> holder = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> holding = new ConcurrentHashMap<>();
        AtomicInteger doubles = new AtomicInteger();
        AtomicInteger overCapacity = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2 * WORKERS + 4);
        try {
            // given: 50 workers of capacity 1, each polling in two loops, alternating the two APIs
            for (int w = 0; w < WORKERS; w++) {
                String worker = type + "-w" + w;
                holding.put(worker, new AtomicInteger());
                for (int loop = 0; loop < 2; loop++) {
                    int first = loop;
                    pool.submit(() -> {
                        int poll = first;
                        while (!Thread.currentThread().isInterrupted() && completed.get() < TASKS) {
                            Http api = poll++ % 2 == 0 ? apiA : apiB;
                            Http.Response r = api.get("/workers/pull?workerId=" + worker
                                    + "&capacity=1&timeout=1000&taskTypes=" + type);
                            if (r.status() != 200) {
                                continue;
                            }
                            String id = r.json().get("id").asString();
                            if (holding.get(worker).incrementAndGet() > 1) {
                                overCapacity.incrementAndGet();
                            }
                            if (holder.putIfAbsent(id, worker) != null) {
                                doubles.incrementAndGet();
                            }
                            // run it: running, then completed (which gives the slot back)
                            api.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}");
                            holding.get(worker).decrementAndGet();
                            if (api.patch("/tasks/" + id + "/status", "{\"status\":\"completed\"}").status() == 200) {
                                completed.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
            }

            // when: 1,000 pull tasks are created through both APIs while they poll
            List<Future<?>> creators = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int creator = c;
                creators.add(pool.submit(() -> {
                    for (int i = creator; i < TASKS; i += 4) {
                        Http api = i % 2 == 0 ? apiA : apiB;
                        Http.Response r = api.post("/tasks", "{\"id\":\"" + type + "-" + i + "\",\"type\":\"" + type
                                + "\",\"assignMode\":\"pull\"}");
                        assertThat(r.status()).as(r.body()).isEqualTo(201);
                    }
                    return null;
                }));
            }
            for (Future<?> creator : creators) {
                creator.get(120, TimeUnit.SECONDS);
            }
            long deadline = System.currentTimeMillis() + 120_000;
            while (completed.get() < TASKS && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }

            // then: every task given once, never two at once to a worker, and run to the end
            assertThat(doubles.get()).as("tasks given to a second worker").isZero();
            assertThat(overCapacity.get()).as("times a worker of capacity 1 held two tasks").isZero();
            assertThat(completed.get()).as("tasks completed").isEqualTo(TASKS);
            assertThat(holder).hasSize(TASKS);
            // and, as the tasks themselves say: each assigned to one worker at a time (an
            // assignment that reached no worker, its poll having ended, was declined back to
            // pending before the next), and held at the end by the worker that ran it. (The
            // events' times cannot show overlaps between a worker's tasks: an assignment the pool
            // makes carries the time of the record that prompted it, which may be older.)
            for (int i = 0; i < TASKS; i++) {
                String id = type + "-" + i;
                JsonNode task = apiA.get("/tasks/" + id).json();
                assertThat(task.get("status").asString()).isEqualTo("completed");
                assertThat(task.get("assignedWorker").asString()).isEqualTo(holder.get(id));
                String heldBy = null;
                for (JsonNode e : apiA.get("/tasks/" + id + "/events/history").json()) {
                    if (!e.get("type").asString().equals("taskcast:audit")) {
                        continue;
                    }
                    String worker = e.get("data").get("workerId").asString();
                    if (e.get("data").get("action").asString().equals("assigned")) {
                        assertThat(heldBy).as("%s assigned while held", id).isNull();
                        heldBy = worker;
                    } else {
                        assertThat(worker).as("%s declined by its holder", id).isEqualTo(heldBy);
                        heldBy = null;
                    }
                }
                assertThat(heldBy).as("%s's last assignment", id).isEqualTo(holder.get(id));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
