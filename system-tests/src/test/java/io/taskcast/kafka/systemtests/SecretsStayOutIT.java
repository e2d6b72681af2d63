package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.FreePort;
import io.taskcast.kafka.testkit.WebhookReceiver;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JWT secret, a trusted service's key, a webhook's secret and the admin token never show in
 * the process's output (at DEBUG for our code) or in an error or listing body, whatever goes wrong:
 * bad tokens, wrong service keys of the same and of other lengths, invalid webhook configurations,
 * deliveries that fail into the dead letters and are retried, wrong admin tokens and bad bodies.
 */
@ExtendWith(EmbeddedStackExtension.class)
class SecretsStayOutIT {

    private static final String JWT_SECRET = "jwt-secret-" + UUID.randomUUID() + "-padding-to-48-bytes";
    private static final String SERVICE_KEY = "svc-key-" + UUID.randomUUID();
    private static final String WEBHOOK_SECRET = "whsec-" + UUID.randomUUID();
    private static final String ADMIN_TOKEN = "admin-" + UUID.randomUUID();
    private static final String INVALID_SERVICE_KEY = "{\"error\":\"Invalid service key\",\"code\":\"UNAUTHORIZED\"}";

    @Test
    void shouldKeepEverySecretOutOfLogsAndErrorBodies(EmbeddedStack stack) throws Exception {
        int port = FreePort.next();
        List<String> bodies = new ArrayList<>();
        try (WebhookReceiver receiver = new WebhookReceiver();
             TaskcastProcess taskcast = start(stack, port)) {
            receiver.on("/down", attempt -> 500);
            taskcast.awaitReady(Duration.ofSeconds(90));
            Http anonymous = new Http(port);
            Http admin = anonymous.withHeader("Authorization", "Bearer " + token(JWT_SECRET, 600));

            // bad tokens
            bodies.add(expect401(anonymous.withHeader("Authorization", "Bearer " + token("x".repeat(48), 600))));
            bodies.add(expect401(anonymous.withHeader("Authorization", "Bearer " + token(JWT_SECRET, -60))));
            bodies.add(expect401(anonymous.withHeader("Authorization", "Bearer " + JWT_SECRET)));
            // the admin token: right, wrong, and in a body that is not JSON
            assertThat(anonymous.post("/admin/token", "{\"adminToken\":\"" + ADMIN_TOKEN + "\"}").status())
                    .isEqualTo(200);
            bodies.add(anonymous.post("/admin/token", "{\"adminToken\":\"" + sameLengthButWrong(ADMIN_TOKEN) + "\"}")
                    .body());
            bodies.add(anonymous.post("/admin/token", "{\"adminToken\": " + ADMIN_TOKEN + "}").body());
            // service keys: right, wrong of the same length, shorter, longer
            Http service = anonymous.withHeader("X-Taskcast-Service-Key", SERVICE_KEY);
            assertThat(service.get("/tasks").status()).isEqualTo(200);
            for (String wrong : List.of(sameLengthButWrong(SERVICE_KEY), SERVICE_KEY.substring(1), SERVICE_KEY + "x", "")) {
                Http.Response r = anonymous.withHeader("X-Taskcast-Service-Key", wrong).get("/tasks");
                assertThat(r.body()).as("key %s", wrong).isEqualTo(INVALID_SERVICE_KEY);
                bodies.add(r.body());
            }
            // an invalid webhook carrying a secret
            bodies.add(admin.post("/tasks", "{\"webhooks\":[{\"url\":\"not a url\",\"secret\":\"" + WEBHOOK_SECRET
                    + "\"}]}").body());
            bodies.add(admin.post("/tasks", "{\"webhooks\":[{\"url\":\"" + receiver.url("/down") + "\",\"secret\":\""
                    + WEBHOOK_SECRET + "\",\"retry\":\"" + WEBHOOK_SECRET + "\"}]}").body());

            // a webhook with a secret whose deliveries fail into the dead letters, listed and retried
            String id = "secrets-" + UUID.randomUUID();
            assertThat(admin.post("/tasks", "{\"id\":\"" + id + "\",\"webhooks\":[{\"url\":\"" + receiver.url("/down")
                    + "\",\"secret\":\"" + WEBHOOK_SECRET + "\",\"retry\":{\"retries\":1,\"initialDelayMs\":100}}]}")
                    .status()).isEqualTo(201);
            admin.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}");
            String deliveryId = await().atMost(Duration.ofSeconds(60)).until(() -> failedDelivery(admin, id, bodies),
                    d -> d != null);
            bodies.add(admin.post("/webhooks/failed/" + deliveryId + "/retry", "{}").body());
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received("/down").size() >= 3);
            bodies.add(admin.get("/webhooks/failed").body());
            bodies.add(admin.get("/tasks/" + id + "/events/history").body());
            assertThat(receiver.received("/down").get(0).header("X-Taskcast-Signature")).as("the secret was used")
                    .startsWith("sha256=");

            taskcast.stop(Duration.ofSeconds(60));
            String output = String.join("\n", taskcast.stdout()) + "\n" + String.join("\n", taskcast.stderr());
            assertThat(output).as("the process wrote something").contains("Taskcast ready on");
            for (String secret : List.of(JWT_SECRET, SERVICE_KEY, WEBHOOK_SECRET, ADMIN_TOKEN)) {
                assertThat(output).as("process output").doesNotContain(secret);
                assertThat(bodies).as("response bodies").noneMatch(b -> b.contains(secret));
            }
        }
    }

    private static TaskcastProcess start(EmbeddedStack stack, int port) {
        Map<String, String> environment = Map.of("TASKCAST_AUTH_MODE", "jwt", "TASKCAST_JWT_SECRET", JWT_SECRET,
                "TASKCAST_KAFKA_TOPIC_PREFIX", "secrets", "TASKCAST_WEBHOOKS_ALLOW_LOOPBACK_TARGETS", "true",
                "TASKCAST_ADMIN_API", "true", "TASKCAST_ADMIN_TOKEN", ADMIN_TOKEN);
        String service = "-Dtaskcast.auth.trusted-services[0].";
        return TaskcastProcess.start(environment, List.of(service + "name=ops", service + "key=" + SERVICE_KEY,
                        service + "scope[0]=*", "-Dlogging.level.io.taskcast=DEBUG"),
                "run", "--port", String.valueOf(port), "--kafka", stack.kafkaBootstrapServers(),
                "--redis-url", stack.redisUrl(), "--postgres-url", stack.postgresUrl(),
                "--state-dir", Path.of("target", "it-secrets-" + port).toString());
    }

    private static String failedDelivery(Http admin, String taskId, List<String> bodies) {
        Http.Response r = admin.get("/webhooks/failed");
        bodies.add(r.body());
        for (var failed : r.json().get("failed")) {
            if (failed.get("taskId").asString().equals(taskId)) {
                return failed.get("deliveryId").asString();
            }
        }
        return null;
    }

    private static String expect401(Http http) {
        Http.Response r = http.get("/tasks");
        assertThat(r.status()).isEqualTo(401);
        return r.body();
    }

    private static String sameLengthButWrong(String key) {
        char last = key.charAt(key.length() - 1);
        return key.substring(0, key.length() - 1) + (last == 'a' ? 'b' : 'a');
    }

    private static String token(String secret, int expiresInSeconds) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("admin")
                .claim("scope", List.of("*")).claim("taskIds", "*")
                .expirationTime(new Date(System.currentTimeMillis() + expiresInSeconds * 1000L)).build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
