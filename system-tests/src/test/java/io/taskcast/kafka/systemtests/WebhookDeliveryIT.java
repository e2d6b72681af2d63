package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.WebhookReceiver;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks delivered for real to a local HTTP receiver (api.md §7): both signatures verified by
 * code of this test, exact headers, envelope or bare event, filters; retries at the policy's delays;
 * dead letters listed and re-sent; a hanging receiver holding up nobody else.
 */
@ExtendWith(EmbeddedStackExtension.class)
class WebhookDeliveryIT {

    private static final WebhookReceiver receiver = new WebhookReceiver();

    /** With one configured global webhook, for type global.* only, that every task's events go to. */
    @RegisterExtension
    static final SharedTaskcast TASKCAST = SharedTaskcast.withEnvironment("webhooks", Map.of(
            "TASKCAST_KAFKA_TOPIC_PREFIX", "webhooks", "TASKCAST_WEBHOOKS_ALLOW_LOOPBACK_TARGETS", "true",
            "TASKCAST_WEBHOOKS", "[{\"url\":\"" + receiver.url("/global") + "\",\"filter\":{\"types\":[\"global.*\"]}}]"));

    private static final String SECRET = "s3cr3t-for-tests";
    private static final byte[] WHSEC_KEY = "standard-webhooks-key".getBytes(StandardCharsets.UTF_8);
    private static final String WHSEC = "whsec_" + Base64.getEncoder().encodeToString(WHSEC_KEY);

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void shouldSignWithBothSchemesAndSendEnvelopesOrBareEventsThroughEachWebhooksFilter(Http http) throws Exception {
        // given a task with a signed, wrapped webhook for llm.* and a whsec_-signed bare one for everything
        String a = path("a");
        String b = path("b");
        String id = create(http, "[{\"url\":\"" + receiver.url(a) + "\",\"secret\":\"" + SECRET + "\","
                + "\"filter\":{\"types\":[\"llm.*\"]}},"
                + "{\"url\":\"" + receiver.url(b) + "\",\"secret\":\"" + WHSEC + "\",\"wrap\":false}]");

        // when it runs and publishes a log line and two llm deltas
        http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}");
        JsonNode published = http.post("/tasks/" + id + "/events", "[{\"type\":\"log\",\"data\":{\"l\":1}},"
                + "{\"type\":\"llm.delta\",\"data\":{\"t\":\"a\"}},{\"type\":\"llm.delta\",\"data\":{\"t\":\"b\"}}]").json();

        // then the llm.* webhook got the two deltas as envelopes numbered 0 and 1 (deliveries to one
        // receiver run in parallel, so they may arrive in any order: receivers order by the index) ...
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received(a).size() == 2
                && receiver.received(b).size() == 4);
        List<WebhookReceiver.Received> toA = byBodyField(receiver.received(a), "filteredIndex");
        for (int i = 0; i < 2; i++) {
            JsonNode event = published.get(i + 1);
            WebhookReceiver.Received r = toA.get(i);
            JsonNode body = Json.mapper().readTree(r.body());
            assertThat(body.get("filteredIndex").asLong()).isEqualTo(i);
            assertThat(body.get("rawIndex").asLong()).isEqualTo(event.get("index").asLong());
            assertThat(body.get("eventId").asString()).isEqualTo(event.get("id").asString());
            assertThat(body.get("taskId").asString()).isEqualTo(id);
            assertThat(body.get("data")).isEqualTo(event.get("data"));
            assertHeaders(r, event.get("id").asString() + "_t0", "llm.delta");
            assertThat(r.header("X-Taskcast-Signature")).isEqualTo("sha256=" + HexFormat.of().formatHex(
                    hmac(SECRET.getBytes(StandardCharsets.UTF_8), r.body())));
            assertStandardSignature(r, SECRET.getBytes(StandardCharsets.UTF_8));
        }
        // ... and the bare webhook every event (status running first) as the event itself
        List<WebhookReceiver.Received> toB = byBodyField(receiver.received(b), "index");
        assertThat(toB).extracting(r -> Json.mapper().readTree(r.body()).get("type").asString())
                .containsExactly("taskcast:status", "log", "llm.delta", "llm.delta");
        JsonNode bare = Json.mapper().readTree(toB.get(1).body());
        assertThat(bare).isEqualTo(published.get(0));
        assertThat(bare.has("filteredIndex")).isFalse();
        assertHeaders(toB.get(1), published.get(0).get("id").asString() + "_t1", "log");
        assertStandardSignature(toB.get(1), WHSEC_KEY);
    }

    @Test
    void shouldSendEveryTasksEventsToTheConfiguredGlobalWebhook(Http http) {
        // given a task without webhooks of its own
        String id = create(http, "[]");

        // when it publishes one event the global webhook wants and one it does not
        http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}");
        JsonNode published = http.post("/tasks/" + id + "/events",
                "[{\"type\":\"other\"},{\"type\":\"global.note\",\"data\":{\"n\":1}}]").json();

        // then the global webhook gets that one, as the first of this task's events it receives
        String eventId = published.get(1).get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received("/global").stream()
                .anyMatch(r -> ("msg_" + eventId + "_g0").equals(r.header("webhook-id"))));
        JsonNode body = Json.mapper().readTree(receiver.received("/global").stream()
                .filter(r -> ("msg_" + eventId + "_g0").equals(r.header("webhook-id"))).findFirst().orElseThrow().body());
        assertThat(body.get("taskId").asString()).isEqualTo(id);
        assertThat(body.get("filteredIndex").asLong()).isZero();
        assertThat(receiver.received("/global")).noneMatch(r -> r.header("webhook-id").contains(
                published.get(0).get("id").asString()));
    }

    @Test
    void shouldDeliverOnTheThirdAttemptAtThePolicysDelays(Http http) {
        // given a receiver that fails twice, and a linear policy of 700 ms steps
        String flaky = path("flaky");
        receiver.on(flaky, attempt -> attempt <= 2 ? 503 : 204);
        String id = create(http, "[{\"url\":\"" + receiver.url(flaky) + "\","
                + "\"retry\":{\"retries\":3,\"backoff\":\"linear\",\"initialDelayMs\":700}}]");

        // when one event goes out
        http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}");

        // then attempt 3 arrives, the same delivery each time, no sooner than 700 ms then 1,400 ms after the last
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received(flaky).size() == 3);
        List<WebhookReceiver.Received> attempts = receiver.received(flaky);
        assertThat(attempts).extracting(r -> r.header("webhook-id")).containsOnly(attempts.get(0).header("webhook-id"));
        long firstGap = attempts.get(1).at() - attempts.get(0).at();
        long secondGap = attempts.get(2).at() - attempts.get(1).at();
        assertThat(firstGap).isBetween(700L, 700L + 3_000);
        assertThat(secondGap).isBetween(1_400L, 1_400L + 3_000);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> receiver.received(flaky).size() == 3);
    }

    @Test
    void shouldDeadLetterAReceiverThatAlwaysFailsListItAndResendItOnRequest(Http http) {
        // given a receiver that fails until told otherwise, and one retry
        String dead = path("dead");
        receiver.on(dead, attempt -> attempt <= 2 ? 500 : 200);
        String id = create(http, "[{\"url\":\"" + receiver.url(dead) + "\","
                + "\"retry\":{\"retries\":1,\"backoff\":\"fixed\",\"initialDelayMs\":200}}]");
        http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}");

        // when both attempts failed, then the delivery is listed with why, and no secret
        JsonNode failed = await().atMost(Duration.ofSeconds(30)).until(() -> listed(http, id), f -> f != null);
        String deliveryId = failed.get("deliveryId").asString();
        assertThat(failed.get("attempts").asInt()).isEqualTo(2);
        assertThat(failed.get("reason").asString()).isEqualTo("HTTP 500");
        assertThat(failed.get("url").asString()).isEqualTo(receiver.url(dead));
        assertThat(receiver.received(dead)).hasSize(2);

        // when an operator re-sends it, the receiver gets it (now answering 200) under the same id
        Http.Response resent = http.post("/webhooks/failed/" + deliveryId + "/retry", "");
        assertThat(resent.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received(dead).size() == 3);
        assertThat(receiver.received(dead).get(2).header("webhook-id")).isEqualTo(deliveryId);
        assertThat(listed(http, id)).isNull();
        assertThat(http.post("/webhooks/failed/" + deliveryId + "/retry", "").status()).isEqualTo(404);
    }

    @Test
    void shouldNotLetAHangingReceiverDelayAHealthyOne(Http http) {
        try (WebhookReceiver hanging = new WebhookReceiver()) {
            // given a receiver (its own host and port) that never answers, with 20 deliveries for it
            hanging.on("/hang", attempt -> 0);
            String slow = create(http, "[{\"url\":\"" + hanging.url("/hang") + "\",\"retry\":{\"retries\":0,"
                    + "\"timeoutMs\":60000}}]");
            http.patch("/tasks/" + slow + "/status", "{\"status\":\"running\"}");
            for (int i = 0; i < 19; i++) {
                http.post("/tasks/" + slow + "/events", "{\"type\":\"log\",\"data\":{\"i\":" + i + "}}");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> hanging.hanging() > 0);

            // when a healthy receiver's task publishes
            String ok = path("ok");
            String fast = create(http, "[{\"url\":\"" + receiver.url(ok) + "\"}]");
            http.patch("/tasks/" + fast + "/status", "{\"status\":\"running\"}");
            http.post("/tasks/" + fast + "/events", "[{\"type\":\"a\"},{\"type\":\"b\"}]");

            // then it gets all three while the hanging receiver still holds its requests open
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received(ok).size() == 3);
            assertThat(hanging.hanging()).isGreaterThan(0);
        }
    }

    private static List<WebhookReceiver.Received> byBodyField(List<WebhookReceiver.Received> received, String field) {
        return received.stream().sorted(java.util.Comparator.comparingLong(
                r -> Json.mapper().readTree(r.body()).get(field).asLong())).toList();
    }

    private static void assertHeaders(WebhookReceiver.Received r, String idSuffix, String type) {
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("X-Taskcast-Event")).isEqualTo(type);
        assertThat(r.header("webhook-id")).isEqualTo("msg_" + idSuffix);
        long timestamp = Long.parseLong(r.header("X-Taskcast-Timestamp"));
        assertThat(r.header("webhook-timestamp")).isEqualTo(Long.toString(timestamp));
        assertThat(timestamp).isBetween(r.at() / 1000 - 60, r.at() / 1000 + 1);
    }

    private static void assertStandardSignature(WebhookReceiver.Received r, byte[] key) {
        String signed = r.header("webhook-id") + "." + r.header("webhook-timestamp") + "."
                + new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.header("webhook-signature")).isEqualTo("v1," + Base64.getEncoder().encodeToString(
                hmac(key, signed.getBytes(StandardCharsets.UTF_8))));
    }

    private static JsonNode listed(Http http, String taskId) {
        Http.Response list = http.get("/webhooks/failed");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(SECRET);
        for (JsonNode failed : list.json().get("failed")) {
            if (failed.get("taskId").asString().equals(taskId)) {
                return failed;
            }
        }
        return null;
    }

    private static String create(Http http, String webhooks) {
        String id = "wh-" + UUID.randomUUID();
        Http.Response created = http.post("/tasks", "{\"id\":\"" + id + "\",\"webhooks\":" + webhooks + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return id;
    }

    private static String path(String name) {
        return "/" + name + "-" + UUID.randomUUID();
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
