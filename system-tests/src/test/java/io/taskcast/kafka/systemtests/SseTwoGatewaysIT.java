package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.FreePort;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway instances serve one task identically (issue 5): gateway A is the shared in-JVM app,
 * gateway B a separate process on the same Kafka, Redis and Postgres. A client that leaves A and
 * comes back on B with {@code Last-Event-ID} continues with exactly the events it had not seen.
 */
@ExtendWith({EmbeddedStackExtension.class, SharedTaskcast.class})
class SseTwoGatewaysIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Http gatewayA;
    private static Http gatewayB;
    private static TaskcastProcess processB;

    @BeforeAll
    static void start(Http http) {
        gatewayA = http;
        int port = FreePort.next();
        processB = TaskcastProcess.gateway(EmbeddedStackExtension.stack(), port, List.of());
        processB.awaitReady(Duration.ofSeconds(90));
        gatewayB = new Http(port);
    }

    @AfterAll
    static void stop() {
        if (processB != null) {
            processB.close();
        }
    }

    @Test
    void shouldContinueOnTheOtherGatewayWithLastEventIdWithoutLossOrDuplicate() {
        // given: a running task (status at index 0) streamed live from gateway A
        String id = newTask();
        patchStatus(id, "running");
        List<SseClient.Frame> seen = new ArrayList<>();
        try (SseClient onA = SseClient.open(gatewayA, "/tasks/" + id + "/events")) {
            publishTicks(id, 0, 30);
            await().atMost(WAIT).until(() -> onA.events().size() >= 20);
            seen.addAll(eventFrames(onA));
        }
        SseClient.Frame lastFrame = seen.get(seen.size() - 1);
        long lastSeen = lastFrame.json().get("rawIndex").asLong();

        // when: more events while disconnected, then a reconnect to gateway B, more live events, completion
        publishTicks(id, 30, 30);
        try (SseClient onB = SseClient.open(gatewayB, "/tasks/" + id + "/events", "Last-Event-ID", lastFrame.id())) {
            assertThat(onB.status()).isEqualTo(200);
            publishTicks(id, 60, 30);
            patchStatus(id, "completed");
            await().atMost(WAIT).until(onB::ended);

            // then: B sends exactly the events after the last one seen on A, then done
            long last = 1 + 90;
            assertThat(rawIndexes(eventFrames(onB)))
                    .isEqualTo(LongStream.rangeClosed(lastSeen + 1, last).boxed().toList());
            List<Long> all = new ArrayList<>(rawIndexes(seen));
            all.addAll(rawIndexes(eventFrames(onB)));
            assertThat(all).isEqualTo(LongStream.rangeClosed(0, last).boxed().toList());
            assertThat(onB.doneReason()).isEqualTo("completed");
        }
    }

    @Test
    void shouldServeAFinishedTaskWithTheSameFramesOnBothGateways() {
        // given: a finished task with a filtered-out type and a series
        String id = newTask();
        patchStatus(id, "running");
        publishTicks(id, 0, 10);
        publish(id, "[{\"type\":\"llm.delta\",\"seriesId\":\"s\",\"seriesMode\":\"accumulate\",\"data\":{\"delta\":\"a\"}},"
                + "{\"type\":\"llm.delta\",\"seriesId\":\"s\",\"seriesMode\":\"accumulate\",\"data\":{\"delta\":\"b\"}}]");
        patchStatus(id, "completed");
        String path = "/tasks/" + id + "/events?types=tick,llm.delta&seriesFormat=accumulated";

        // when
        List<SseClient.Frame> fromA = finishedStream(gatewayA, path);
        List<SseClient.Frame> fromB = finishedStream(gatewayB, path);

        // then: same events, ids, data and done, frame for frame
        assertThat(fromA).hasSizeGreaterThan(10);
        assertThat(fromB).isEqualTo(fromA);
    }

    private static List<SseClient.Frame> finishedStream(Http gateway, String path) {
        try (SseClient sse = SseClient.open(gateway, path)) {
            assertThat(sse.status()).isEqualTo(200);
            await().atMost(WAIT).until(sse::ended);
            return sse.frames().stream().filter(f -> f.comment() == null).toList();
        }
    }

    private static List<SseClient.Frame> eventFrames(SseClient sse) {
        return sse.frames().stream().filter(f -> "taskcast.event".equals(f.event())).toList();
    }

    private static List<Long> rawIndexes(List<SseClient.Frame> frames) {
        return frames.stream().map(f -> f.json().get("rawIndex").asLong()).toList();
    }

    private static String newTask() {
        String id = "sse-two-gateways-" + UUID.randomUUID();
        Http.Response created = gatewayA.post("/tasks", "{\"id\":\"" + id + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return id;
    }

    /** Publishes {@code count} tick events one request each, so the stream sees them arrive over time. */
    private static void publishTicks(String id, int from, int count) {
        for (int i = from; i < from + count; i++) {
            publish(id, "{\"type\":\"tick\",\"data\":" + i + "}");
        }
    }

    private static void publish(String id, String body) {
        Http.Response response = gatewayA.post("/tasks/" + id + "/events", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    private static void patchStatus(String id, String status) {
        Http.Response response = gatewayA.patch("/tasks/" + id + "/status", "{\"status\":\"" + status + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }
}
