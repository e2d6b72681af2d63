package io.taskcast.kafka.systemtests;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server configured for RS256 with its public key in a PEM file (TASKCAST_JWT_PUBLIC_KEY_FILE),
 * over real HTTP: tokens signed with the matching private key open every kind of route, the SSE
 * stream included; a token signed by another key, with another RSA algorithm, with HS256 keyed by
 * the public key itself (algorithm confusion), with no signature, or expired is refused with 401.
 */
@ExtendWith(EmbeddedStackExtension.class)
class Rs256AuthIT {

    private static final String INVALID = "{\"error\":\"Invalid or expired token\",\"code\":\"UNAUTHORIZED\"}";
    private static final KeyPair KEYS = rsaKeyPair();
    private static final String PUBLIC_PEM = pem(KEYS.getPublic());

    @RegisterExtension
    static final SharedTaskcast RS256 = SharedTaskcast.withEnvironment("rs256", Map.of(
            "TASKCAST_AUTH_MODE", "jwt",
            "TASKCAST_JWT_ALGORITHM", "RS256",
            "TASKCAST_JWT_PUBLIC_KEY_FILE", publicKeyFile().toString(),
            "TASKCAST_KAFKA_TOPIC_PREFIX", "rs256it"));

    @Test
    void shouldServeEveryKindOfRouteToATokenSignedWithTheConfiguredKey(Http http) throws Exception {
        // given a token signed with the private key of the configured public key
        Http client = http.withHeader("Authorization", "Bearer " + sign(JWSAlgorithm.RS256, new RSASSASigner(KEYS.getPrivate()),
                claims(new Date(System.currentTimeMillis() + 600_000))));
        String taskId = "rs-" + UUID.randomUUID();

        // when it creates, runs, publishes to and completes a task
        assertThat(client.post("/tasks", "{\"id\":\"" + taskId + "\"}").status()).isEqualTo(201);
        assertThat(client.patch("/tasks/" + taskId + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
        assertThat(client.post("/tasks/" + taskId + "/events", "{\"type\":\"log\",\"data\":\"hi\"}").status())
                .isEqualTo(201);
        assertThat(client.patch("/tasks/" + taskId + "/status", "{\"status\":\"completed\"}").status()).isEqualTo(200);

        // then it reads the task, its history and its event stream (which replays and ends: the task is done)
        assertThat(client.get("/tasks/" + taskId).json().get("status").asString()).isEqualTo("completed");
        assertThat(client.get("/tasks/" + taskId + "/events/history").json().size()).isEqualTo(3);
        Http.Response stream = client.get("/tasks/" + taskId + "/events");
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.body()).contains("\"type\":\"log\"").contains("event:taskcast.done");
        // and the same routes without a token are refused
        assertThat(http.get("/tasks/" + taskId).status()).isEqualTo(401);
    }

    @Test
    void shouldRefuseTokensNotSignedByTheConfiguredKeyAndAlgorithm(Http http) throws Exception {
        // given a task the tokens below try to read
        String taskId = "rs-" + UUID.randomUUID();
        Date future = new Date(System.currentTimeMillis() + 600_000);
        Http admin = http.withHeader("Authorization", "Bearer " + sign(JWSAlgorithm.RS256,
                new RSASSASigner(KEYS.getPrivate()), claims(future)));
        assertThat(admin.post("/tasks", "{\"id\":\"" + taskId + "\"}").status()).isEqualTo(201);
        KeyPair other = rsaKeyPair();

        Map<String, String> forged = Map.of(
                "RS256 signed by another key", sign(JWSAlgorithm.RS256, new RSASSASigner(other.getPrivate()), claims(future)),
                "RS384 signed by the configured key", sign(JWSAlgorithm.RS384, new RSASSASigner(KEYS.getPrivate()),
                        claims(future)),
                "HS256 keyed with the public key's PEM", sign(JWSAlgorithm.HS256,
                        new MACSigner(PUBLIC_PEM.getBytes(StandardCharsets.UTF_8)), claims(future)),
                "HS256 keyed with the public key's DER", sign(JWSAlgorithm.HS256,
                        new MACSigner(KEYS.getPublic().getEncoded()), claims(future)),
                "alg none", new PlainJWT(claims(future)).serialize(),
                "expired RS256", sign(JWSAlgorithm.RS256, new RSASSASigner(KEYS.getPrivate()),
                        claims(new Date(System.currentTimeMillis() - 600_000))));

        // when each reads the task, lists tasks, publishes and opens the stream, then each is refused with 401
        forged.forEach((name, token) -> {
            Http client = http.withHeader("Authorization", "Bearer " + token);
            for (String path : List.of("/tasks/" + taskId, "/tasks", "/tasks/" + taskId + "/events/history",
                    "/tasks/" + taskId + "/events", "/events")) {
                Http.Response response = client.get(path);
                assertThat(response.status()).as(name + " GET " + path).isEqualTo(401);
                assertThat(response.body()).as(name + " GET " + path).isEqualTo(INVALID);
            }
            assertThat(client.post("/tasks/" + taskId + "/events", "{\"type\":\"x\",\"data\":1}").status())
                    .as(name + " publish").isEqualTo(401);
        });
        assertThat(admin.get("/tasks/" + taskId + "/events/history").json().size()).as("nothing was published")
                .isZero();
    }

    private static JWTClaimsSet claims(Date expiry) {
        return new JWTClaimsSet.Builder().subject("rs256-it").claim("scope", List.of("*")).claim("taskIds", "*")
                .expirationTime(expiry).build();
    }

    private static String sign(JWSAlgorithm algorithm, JWSSigner signer, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private static Path publicKeyFile() {
        try {
            Path file = Files.createTempFile(Path.of("target"), "rs256-public-", ".pem");
            Files.writeString(file, PUBLIC_PEM);
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
