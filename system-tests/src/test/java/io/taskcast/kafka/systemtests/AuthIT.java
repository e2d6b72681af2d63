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

import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JWT mode over real HTTP: every route asks for its scope and task id, every 401 and 403 case
 * answers with Taskcast's message, a task's authConfig rules bind, and the checks come in
 * api.md §5's order (401 → 400 → 403 → 404 → 409).
 */
@ExtendWith(EmbeddedStackExtension.class)
class AuthIT {

    @RegisterExtension
    static final SharedTaskcast JWT_MODE = SharedTaskcast.withEnvironment("jwt", Map.of(
            "TASKCAST_AUTH_MODE", "jwt", "TASKCAST_JWT_SECRET", AuthIT.SECRET, "TASKCAST_KAFKA_TOPIC_PREFIX", "authit"));

    static final String SECRET = "an-integration-test-secret-of-48-bytes-or-so!!!";
    private static final String UNAUTHORIZED_MISSING = "{\"error\":\"Missing Bearer token\",\"code\":\"UNAUTHORIZED\"}";
    private static final String UNAUTHORIZED_INVALID = "{\"error\":\"Invalid or expired token\",\"code\":\"UNAUTHORIZED\"}";
    private static final String FORBIDDEN = "{\"error\":\"Forbidden\",\"code\":\"FORBIDDEN\"}";

    private static Http anonymous;
    private static Http admin;

    @BeforeAll
    static void connect(Http http) throws JOSEException {
        anonymous = http;
        admin = bearer(token(List.of("*"), "*", "admin", Map.of()));
    }

    @Test
    void shouldAnswer401WithTaskcastsMessages() throws Exception {
        assertThat(anonymous.get("/tasks/x").body()).isEqualTo(UNAUTHORIZED_MISSING);
        assertThat(anonymous.withHeader("Authorization", "bearer " + token(List.of("*"), "*", "a", Map.of()))
                .get("/tasks/x").body()).isEqualTo(UNAUTHORIZED_MISSING);
        assertThat(bearer("not.a.jwt").get("/tasks/x").body()).isEqualTo(UNAUTHORIZED_INVALID);
        assertThat(bearer(expiredToken()).get("/tasks/x").body()).isEqualTo(UNAUTHORIZED_INVALID);
        assertThat(bearer(signed("a-different-secret-that-is-long-enough-to-sign!!", claims(List.of("*"), "*", "a")))
                .get("/tasks/x").body()).isEqualTo(UNAUTHORIZED_INVALID);
        assertThat(bearer(new PlainJWT(claims(List.of("*"), "*", "a")).serialize()).get("/tasks/x").body())
                .isEqualTo(UNAUTHORIZED_INVALID);
        assertThat(anonymous.get("/tasks/x").status()).isEqualTo(401);
        assertThat(anonymous.get("/health").status()).isEqualTo(200);
    }

    @Test
    void shouldRequireEachRoutesScope() throws Exception {
        create(admin, "scoped-1");
        Http none = bearer(token(List.of(), "*", "nobody", Map.of()));

        assertThat(none.post("/tasks", "{}").body()).isEqualTo(FORBIDDEN);
        assertThat(none.get("/tasks").body()).isEqualTo(FORBIDDEN);
        assertThat(none.get("/tasks/scoped-1").body()).isEqualTo(FORBIDDEN);
        assertThat(none.patch("/tasks/scoped-1/status", "{\"status\":\"running\"}").body()).isEqualTo(FORBIDDEN);
        assertThat(none.post("/tasks/scoped-1/events", "{\"type\":\"t\",\"data\":1}").body()).isEqualTo(FORBIDDEN);
        assertThat(none.get("/tasks/scoped-1/events/history").body()).isEqualTo(FORBIDDEN);
        assertThat(none.post("/tasks/scoped-1/resolve", "{\"data\":1}").body()).isEqualTo(FORBIDDEN);
        assertThat(none.get("/tasks/scoped-1/request").body()).isEqualTo(FORBIDDEN);

        Http creator = bearer(token(List.of("task:create"), "*", "c", Map.of()));
        assertThat(creator.post("/tasks", "{}").status()).isEqualTo(201);
        assertThat(creator.post("/tasks", "{\"webhooks\":[{\"url\":\"http://localhost:1/h\"}]}").body())
                .isEqualTo(FORBIDDEN);
        Http publisher = bearer(token(List.of("event:publish"), List.of("scoped-1"), "p", Map.of()));
        assertThat(publisher.post("/tasks/scoped-1/events", "{\"type\":\"t\",\"data\":1}").status()).isEqualTo(201);
        assertThat(publisher.get("/tasks/scoped-1/events/history").body()).isEqualTo(FORBIDDEN);
        Http reader = bearer(token(List.of("event:subscribe", "event:history"), List.of("scoped-1"), "r", Map.of()));
        assertThat(reader.get("/tasks/scoped-1").status()).isEqualTo(200);
        assertThat(reader.get("/tasks/scoped-1/events/history").status()).isEqualTo(200);
    }

    @Test
    void shouldConfineATokenToItsTaskIds() throws Exception {
        create(admin, "mine-1");
        create(admin, "theirs-1");
        Http mine = bearer(token(List.of("*"), List.of("mine-1"), "u", Map.of()));

        assertThat(mine.get("/tasks/mine-1").status()).isEqualTo(200);
        assertThat(mine.get("/tasks/theirs-1").body()).isEqualTo(FORBIDDEN);
        assertThat(mine.get("/tasks/mine-1%2F..%2Ftheirs-1").status()).isIn(400, 403, 404);
        assertThat(mine.get("/tasks").json().get("tasks")).allSatisfy(t ->
                assertThat(t.get("id").asString()).isEqualTo("mine-1"));
    }

    @Test
    void shouldEnforceATasksAuthConfigRules() throws Exception {
        create(admin, "ruled-1", ",\"authConfig\":{\"rules\":[{\"match\":{\"scope\":[\"event:publish\"]},"
                + "\"require\":{\"sub\":[\"alice\"],\"claims\":{\"team\":\"red\"}}}]}");
        String event = "{\"type\":\"t\",\"data\":1}";

        assertThat(bearer(token(List.of("*"), "*", "alice", Map.of("team", "red")))
                .post("/tasks/ruled-1/events", event).status()).isEqualTo(201);
        assertThat(bearer(token(List.of("*"), "*", "bob", Map.of("team", "red")))
                .post("/tasks/ruled-1/events", event).body()).isEqualTo(FORBIDDEN);
        assertThat(bearer(token(List.of("*"), "*", "alice", Map.of("team", "blue")))
                .post("/tasks/ruled-1/events", event).body()).isEqualTo(FORBIDDEN);
        assertThat(bearer(token(List.of("*"), "*", "bob", Map.of())).get("/tasks/ruled-1").status())
                .as("rules for other scopes do not apply").isEqualTo(200);
    }

    @Test
    void shouldCheckInTheOrderAuthBodyScopeExistenceRule() throws Exception {
        Http noScope = bearer(token(List.of("event:subscribe"), "*", "n", Map.of()));
        Http manager = bearer(token(List.of("task:manage"), "*", "m", Map.of()));
        create(admin, "order-1");

        assertThat(anonymous.patch("/tasks/missing/status", "{bad").status()).as("401 before 400").isEqualTo(401);
        assertThat(noScope.patch("/tasks/missing/status", "{bad").status()).as("400 before 403").isEqualTo(400);
        assertThat(noScope.patch("/tasks/missing/status", "{\"status\":\"running\"}").status())
                .as("403 before 404").isEqualTo(403);
        assertThat(manager.patch("/tasks/missing/status", "{\"status\":\"running\"}").status())
                .as("404 before the rule").isEqualTo(404);
        assertThat(manager.patch("/tasks/order-1/status", "{\"status\":\"pending\"}").status())
                .as("the rule last").isEqualTo(409);
    }

    private static void create(Http http, String id) {
        create(http, id, "");
    }

    private static void create(Http http, String id, String extra) {
        assertThat(http.post("/tasks", "{\"id\":\"" + id + "\"" + extra + "}").status()).isEqualTo(201);
    }

    private static Http bearer(String token) {
        return anonymous.withHeader("Authorization", "Bearer " + token);
    }

    private static String token(List<String> scope, Object taskIds, String sub, Map<String, Object> extra)
            throws JOSEException {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder(claims(scope, taskIds, sub))
                .expirationTime(new Date(System.currentTimeMillis() + 600_000));
        extra.forEach(claims::claim);
        return signed(SECRET, claims.build());
    }

    private static String expiredToken() throws JOSEException {
        return signed(SECRET, new JWTClaimsSet.Builder(claims(List.of("*"), "*", "late"))
                .expirationTime(new Date(System.currentTimeMillis() - 60_000)).build());
    }

    private static JWTClaimsSet claims(List<String> scope, Object taskIds, String sub) {
        return new JWTClaimsSet.Builder().subject(sub).claim("scope", scope).claim("taskIds", taskIds).build();
    }

    private static String signed(String secret, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
