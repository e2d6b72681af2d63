package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.FreePort;
import io.taskcast.kafka.testkit.WebhookReceiver;
import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The webhook worker, its own process, killed with SIGKILL three times while deliveries flow (and
 * some first attempts fail, so retries are pending too), and started again each time. Afterwards
 * every event of every task reached its receiver with a 2xx at least once; every copy of one
 * delivery, retries and post-crash repeats alike, carries the same {@code webhook-id} and valid
 * signatures.
 */
@ExtendWith(EmbeddedStackExtension.class)
@Order(6)
class WebhookWorkerKillsIT {

    private static final String PREFIX = "whkills";
    private static final String SECRET = "kills-secret";
    private static final Map<String, String> ENVIRONMENT = Map.of("TASKCAST_KAFKA_TOPIC_PREFIX", PREFIX,
            "TASKCAST_WEBHOOKS_ALLOW_LOOPBACK_TARGETS", "true");
    private static final int TASKS = 3;
    private static final int KILLS = 3;
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration CATCH_UP = Duration.ofSeconds(150);

    @RegisterExtension
    static final SharedTaskcast TASKCAST = SharedTaskcast.withRoles("webhook-kills", List.of("processor", "ingest"),
            ENVIRONMENT);

    @Test
    void shouldDeliverEveryEventAtLeastOnceUnderOneIdAcrossRepeatedWorkerKills(EmbeddedStack stack, Http http)
            throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            // given tasks whose webhooks fail every fourth request, so retries are always pending
            List<String> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                String id = "wh-kill-" + UUID.randomUUID();
                receiver.on(path(id), attempt -> attempt % 4 == 0 ? 500 : 200);
                assertThat(http.post("/tasks", "{\"id\":\"" + id + "\",\"webhooks\":[{\"url\":\"" + receiver.url(path(id))
                        + "\",\"secret\":\"" + SECRET + "\",\"retry\":{\"retries\":6,\"backoff\":\"fixed\","
                        + "\"initialDelayMs\":500}}]}").status()).isEqualTo(201);
                assertThat(http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
                tasks.add(id);
            }
            RestartableProcess workers = new RestartableProcess(() -> worker(stack), START);
            workers.start();
            TickPublisher publisher = new TickPublisher(tasks, List.of(http), 1);
            publisher.start();

            // when the worker is killed at random moments while deliveries flow, and started again
            Map<String, List<String>> expected = new HashMap<>();
            List<Long> resumedAfter = new ArrayList<>();
            try {
                for (int kill = 1; kill <= KILLS; kill++) {
                    int before = receiver.receivedCount();
                    await().atMost(CATCH_UP).until(() -> receiver.receivedCount() >= before + 20 + random.nextInt(60));
                    long killedAt = System.nanoTime();
                    int atKill = receiver.receivedCount();
                    workers.killAndRestart();
                    await().atMost(CATCH_UP).until(() -> receiver.receivedCount() > atKill);
                    resumedAfter.add((System.nanoTime() - killedAt) / 1_000_000_000);
                }
                int before = receiver.receivedCount();
                await().atMost(CATCH_UP).until(() -> receiver.receivedCount() >= before + 30);
                publisher.finish();
                for (String id : tasks) {
                    assertThat(http.patch("/tasks/" + id + "/status", "{\"status\":\"completed\"}").status()).isEqualTo(200);
                }

                // then every event of every task arrives, answered 2xx, at least once
                for (String id : tasks) {
                    expected.put(id, eventIds(http, id));
                }
                await().atMost(CATCH_UP).untilAsserted(() -> expected.forEach((id, events) ->
                        assertThat(undelivered(receiver, id, events)).as("events of %s (of %d) never answered 2xx",
                                id, events.size()).isEmpty()));
                assertThat(workers.current().isAlive()).isTrue();
            } finally {
                workers.close();
            }

            // and each delivery, however often it arrived, came under one webhook-id, always signed
            int copies = 0;
            int duplicates = 0;
            int retried = 0;
            for (String id : tasks) {
                List<WebhookReceiver.Received> received = receiver.received(path(id));
                copies += received.size();
                received.forEach(WebhookWorkerKillsIT::assertSigned);
                Map<String, List<WebhookReceiver.Received>> byEvent = received.stream()
                        .collect(Collectors.groupingBy(r -> body(r).get("eventId").asString()));
                assertThat(byEvent.keySet()).as("events delivered for %s", id).containsExactlyInAnyOrderElementsOf(expected.get(id));
                for (var delivery : byEvent.entrySet()) {
                    Set<String> webhookIds = delivery.getValue().stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet());
                    assertThat(webhookIds).as("webhook-id of every copy of event %s", delivery.getKey()).hasSize(1);
                    long succeeded = delivery.getValue().stream().filter(r -> r.status() == 200).count();
                    duplicates += (int) Math.max(0, succeeded - 1);
                    retried += delivery.getValue().size() > succeeded ? 1 : 0;
                }
            }
            System.out.printf("WebhookWorkerKillsIT (seed %d): %d events acknowledged, %d requests received, %d"
                            + " deliveries retried after a 500, %d duplicates (a 2xx copy after the first);"
                            + " deliveries resumed %s s after each kill%n", seed,
                    publisher.acknowledgedCount(), copies, retried, duplicates, resumedAfter);
            assertThat(retried).as("deliveries that needed a retry").isPositive();
        }
    }

    private static String path(String taskId) {
        return "/" + taskId;
    }

    private static List<String> eventIds(Http http, String taskId) {
        Http.Response history = http.get("/tasks/" + taskId + "/events/history?limit=100000");
        assertThat(history.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        history.json().forEach(e -> ids.add(e.get("id").asString()));
        return ids;
    }

    private static List<String> undelivered(WebhookReceiver receiver, String taskId, List<String> events) {
        Set<String> delivered = receiver.received(path(taskId)).stream().filter(r -> r.status() == 200)
                .map(r -> body(r).get("eventId").asString()).collect(Collectors.toSet());
        return events.stream().filter(e -> !delivered.contains(e)).toList();
    }

    /** The webhook worker role as a process, on a port of its own each time. */
    private static TaskcastProcess worker(EmbeddedStack stack) {
        int port = FreePort.next();
        return TaskcastProcess.start(ENVIRONMENT, List.of("-XX:TieredStopAtLevel=1"), "run", "--roles", "webhooks",
                "--port", String.valueOf(port), "--kafka", stack.kafkaBootstrapServers(), "--redis-url",
                stack.redisUrl(), "--state-dir", Path.of("target", "it-webhook-kills-" + port).toString());
    }

    private static JsonNode body(WebhookReceiver.Received r) {
        return Json.mapper().readTree(r.body());
    }

    private static void assertSigned(WebhookReceiver.Received r) {
        byte[] key = SECRET.getBytes(StandardCharsets.UTF_8);
        assertThat(r.header("X-Taskcast-Signature")).isEqualTo("sha256=" + HexFormat.of().formatHex(hmac(key, r.body())));
        String signed = r.header("webhook-id") + "." + r.header("webhook-timestamp") + "."
                + new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.header("webhook-signature")).isEqualTo("v1," + Base64.getEncoder().encodeToString(
                hmac(key, signed.getBytes(StandardCharsets.UTF_8))));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
