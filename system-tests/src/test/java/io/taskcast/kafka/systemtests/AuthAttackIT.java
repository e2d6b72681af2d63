package io.taskcast.kafka.systemtests;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Attacks on JWT mode over real HTTP, on every route including both SSE streams: tokens that are
 * forged, unsigned, tampered with, keyed with a public key, expired or not yet valid get 401; a
 * token for one task reaches no other task by any path trick, nor sees its events on the global
 * stream, and the other task stays untouched.
 */
@ExtendWith(EmbeddedStackExtension.class)
class AuthAttackIT {

    @RegisterExtension
    static final SharedTaskcast JWT_MODE = SharedTaskcast.withEnvironment("jwt", Map.of(
            "TASKCAST_AUTH_MODE", "jwt", "TASKCAST_JWT_SECRET", AuthIT.SECRET, "TASKCAST_KAFKA_TOPIC_PREFIX", "authit"));

    private static final String INVALID = "{\"error\":\"Invalid or expired token\",\"code\":\"UNAUTHORIZED\"}";
    private static final String MARKER = "victim-secret-" + UUID.randomUUID();

    private static Http anonymous;
    private static Http admin;
    private static String mine;
    private static String theirs;

    @BeforeAll
    static void createTasks(Http http) throws JOSEException {
        anonymous = http;
        admin = bearer(signed(AuthIT.SECRET, claims(List.of("*")).build()));
        mine = "atk-mine-" + UUID.randomUUID();
        theirs = "atk-theirs-" + UUID.randomUUID();
        assertThat(admin.post("/tasks", "{\"id\":\"" + mine + "\"}").status()).isEqualTo(201);
        assertThat(admin.post("/tasks", "{\"id\":\"" + theirs + "\",\"params\":{\"m\":\"" + MARKER + "\"}}").status())
                .isEqualTo(201);
    }

    @Test
    void shouldAnswer401ToEveryForgedOrUntimelyTokenOnEveryRoute() throws Exception {
        // given tokens granting everything, each wrong in one way
        JWTClaimsSet all = claims(List.of("*")).build();
        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put("signed with another secret", signed("an-attacker-secret-that-is-long-enough-to-sign!!", all));
        attacks.put("alg none", new PlainJWT(all).serialize());
        attacks.put("alg none, signature kept", new PlainJWT(all).serialize() + signed(AuthIT.SECRET, all).split("\\.")[2]);
        attacks.put("payload widened after signing", widened());
        attacks.put("HS256 keyed with an RSA public key", signed(rsaPublicPem(), all));
        attacks.put("expired", signed(AuthIT.SECRET, claims(List.of("*"))
                .expirationTime(Date.from(Instant.now().minusSeconds(60))).build()));
        attacks.put("not yet valid (nbf)", signed(AuthIT.SECRET, claims(List.of("*"))
                .notBeforeTime(Date.from(Instant.now().plusSeconds(600))).build()));

        // when each is sent to each route, then each is refused as invalid
        List<String> let = new ArrayList<>();
        attacks.forEach((name, token) -> allRoutes(mine).forEach(route -> {
            Http.Response r = route.send("Bearer " + token);
            if (r.status() != 401 || !r.body().equals(INVALID)) {
                let.add(name + " on " + route + " → " + r.status() + " " + r.body());
            }
        }));
        assertThat(let).isEmpty();
    }

    @Test
    void shouldNotLetATokenForOneTaskReachAnotherByAnyPath() throws Exception {
        // given a token with every scope, for one task only
        String confinedToken = "Bearer " + signed(AuthIT.SECRET, claims(List.of("*")).claim("taskIds", List.of(mine)).build());
        Http confined = anonymous.withHeader("Authorization", confinedToken);
        List<String> escapes = List.of(theirs, mine + "/../" + theirs, "../" + theirs, mine + "%2F..%2F" + theirs,
                mine + "%2f%2e%2e%2f" + theirs, "%2e%2e%2f" + theirs, mine + "/%2e%2e/" + theirs,
                mine + "%252F..%252F" + theirs, mine + "/..%2F" + theirs, theirs + "%00", theirs + "?x=" + mine,
                theirs + "%3Fx=" + mine, theirs + ";" + mine, "." + "/" + theirs);

        // when every route is tried with every escape
        List<String> reached = new ArrayList<>();
        for (String escape : escapes) {
            for (Route route : taskRoutes(escape)) {
                Http.Response r = route.send(confinedToken);
                if (r.status() < 400 || r.status() >= 500 || r.body().contains(MARKER)) {
                    reached.add(route + " → " + r.status() + " " + r.body());
                }
            }
        }

        // then none got through, and the other task was neither changed nor published to
        assertThat(reached).isEmpty();
        assertThat(confined.get("/tasks/" + mine).status()).as("the token works for its own task").isEqualTo(200);
        Http.Response victim = admin.get("/tasks/" + theirs);
        assertThat(victim.json().get("status").asString()).isEqualTo("pending");
        assertThat(admin.get("/tasks/" + theirs + "/events/history").json()).isEmpty();
    }

    @Test
    void shouldShowATokenConfinedToOneTaskOnlyThatTasksEventsOnTheGlobalStream() throws Exception {
        // given a confined token on the global stream, and a task it may not see
        String other = "atk-other-" + UUID.randomUUID();
        assertThat(admin.post("/tasks", "{\"id\":\"" + other + "\"}").status()).isEqualTo(201);
        String confined = "Bearer " + signed(AuthIT.SECRET, claims(List.of("event:subscribe"))
                .claim("taskIds", List.of(mine)).build());
        try (SseClient global = SseClient.open(anonymous, "/events", "Authorization", confined)) {
            assertThat(global.status()).isEqualTo(200);

            // when the other task and then its own task publish
            assertThat(admin.post("/tasks/" + other + "/events", "{\"type\":\"leak\",\"data\":\"" + MARKER + "\"}")
                    .status()).isEqualTo(201);
            assertThat(admin.post("/tasks/" + mine + "/events", "{\"type\":\"own\",\"data\":1}").status())
                    .isEqualTo(201);

            // then it sees its own event and never the other task's
            await().atMost(Duration.ofSeconds(30)).until(() -> global.events().stream()
                    .anyMatch(e -> e.get("taskId").asString().equals(mine)));
            assertThat(global.events()).allSatisfy(e -> assertThat(e.get("taskId").asString()).isEqualTo(mine));
            assertThat(global.body()).doesNotContain(MARKER);
        }
    }

    /** One request of the API, with a task id (or attack string) put into its path as is. */
    private record Route(String method, String path, String body) {
        /** Streams are opened with an SSE client, so one that wrongly opens fails at once instead of hanging. */
        Http.Response send(String authorization) {
            if (method.equals("GET") && (path.startsWith("/events") || path.contains("/events?"))) {
                try (SseClient stream = SseClient.open(anonymous, path, "Authorization", authorization)) {
                    if (stream.status() == 200) {
                        return new Http.Response(200, "<stream opened>");
                    }
                    await().atMost(Duration.ofSeconds(10)).until(stream::ended);
                    return new Http.Response(stream.status(), stream.body().strip());
                }
            }
            Http http = anonymous.withHeader("Authorization", authorization);
            return switch (method) {
                case "GET" -> http.get(path);
                case "PATCH" -> http.patch(path, body);
                default -> http.post(path, body);
            };
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Every route naming a task, the SSE stream included. */
    private static List<Route> taskRoutes(String id) {
        String task = "/tasks/" + id;
        return List.of(new Route("GET", task, null),
                new Route("PATCH", task + "/status", "{\"status\":\"cancelled\"}"),
                new Route("POST", task + "/events", "{\"type\":\"evil\",\"data\":1}"),
                new Route("GET", task + "/events/history", null),
                new Route("POST", task + "/resolve", "{\"data\":1}"),
                new Route("GET", task + "/request", null),
                new Route("GET", task + "/events?wrap=false", null));
    }

    private static List<Route> allRoutes(String id) {
        List<Route> routes = new ArrayList<>(taskRoutes(id));
        routes.add(new Route("GET", "/events", null));
        routes.add(new Route("GET", "/tasks", null));
        routes.add(new Route("POST", "/tasks", "{\"id\":\"" + UUID.randomUUID() + "\"}"));
        return routes;
    }

    private static String widened() throws JOSEException {
        String[] parts = signed(AuthIT.SECRET, claims(List.of("event:subscribe")).build()).split("\\.");
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims(List.of("*")).build().toString().getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + payload + "." + parts[2];
    }

    private static String rsaPublicPem() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private static JWTClaimsSet.Builder claims(List<String> scope) {
        return new JWTClaimsSet.Builder().subject("attacker").claim("scope", scope).claim("taskIds", "*")
                .expirationTime(new Date(System.currentTimeMillis() + 600_000));
    }

    private static String signed(String secret, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static Http bearer(String token) {
        return anonymous.withHeader("Authorization", "Bearer " + token);
    }
}
