package io.taskcast.kafka.ingest.web;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.taskcast.kafka.platform.auth.AuthProperties;
import io.taskcast.kafka.platform.auth.TokenIssuer;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin token exchange over HTTP, without a server: each answer of docs/taskcast-extras.md §5 and the token's claims. */
class AdminControllerTest {

    private static final String ADMIN_TOKEN = "the-admin-token";
    private static final String SECRET = "a-secret-long-enough-for-hs256-signing!!";
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void shouldSignAJwtWithTheConfiguredSecretAndEveryScopeByDefault() throws Exception {
        JsonNode answer = post(client(jwt(), ADMIN_TOKEN), "{\"adminToken\":\"" + ADMIN_TOKEN + "\"}", 200);

        SignedJWT token = SignedJWT.parse(answer.get("token").asString());
        assertThat(token.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(token.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("admin");
        assertThat(token.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("*");
        assertThat(token.getJWTClaimsSet().getStringClaim("taskIds")).isEqualTo("*");
        assertThat(token.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(NOW);
        assertThat(token.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(86_400));
        assertThat(answer.get("expiresAt").asLong()).isEqualTo(NOW.plusSeconds(86_400).getEpochSecond());
    }

    @Test
    void shouldGiveTheScopesAndLifetimeAsked() throws Exception {
        JsonNode answer = post(client(jwt(), ADMIN_TOKEN), "{\"adminToken\":\"" + ADMIN_TOKEN
                + "\",\"scopes\":[\"event:subscribe\",\"event:history\"],\"expiresIn\":60}", 200);

        SignedJWT token = SignedJWT.parse(answer.get("token").asString());
        assertThat(token.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("event:subscribe event:history");
        assertThat(answer.get("expiresAt").asLong()).isEqualTo(NOW.getEpochSecond() + 60);
    }

    @Test
    void shouldAnswerAnEmptyTokenInModeNone() {
        JsonNode answer = post(client(new AuthProperties("none", null, null), ADMIN_TOKEN),
                "{\"adminToken\":\"" + ADMIN_TOKEN + "\"}", 200);

        assertThat(answer.get("token").asString()).isEmpty();
        assertThat(answer.get("expiresAt").asLong()).isEqualTo(NOW.getEpochSecond() + 86_400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"adminToken\":\"wrong\"}", "{\"adminToken\":\"\"}", "{\"adminToken\":7}", "{}",
            "{\"adminToken\":\"the-admin-token-and-more\"}"})
    void shouldAnswer401ForAWrongOrMissingAdminToken(String body) {
        JsonNode answer = post(client(jwt(), ADMIN_TOKEN), body, 401);

        assertThat(answer.get("error").asString()).isEqualTo("Invalid admin token");
    }

    @Test
    void shouldAnswer400ForABodyThatIsNotJsonWithoutQuotingIt() {
        JsonNode answer = post(client(jwt(), ADMIN_TOKEN), "{\"adminToken\": the-admin-token", 400);

        assertThat(answer.get("error").asString()).isEqualTo("Invalid request body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"expiresIn\":0", "\"expiresIn\":-5", "\"expiresIn\":\"1h\"", "\"scopes\":\"*\"",
            "\"scopes\":[1]"})
    void shouldAnswer400NamingABadField(String field) {
        JsonNode answer = post(client(jwt(), ADMIN_TOKEN), "{\"adminToken\":\"" + ADMIN_TOKEN + "\"," + field + "}", 400);

        assertThat(answer.get("error").asString()).startsWith(field.substring(1, field.indexOf('"', 1)) + " must be");
    }

    @Test
    void shouldAnswer404WhileTheAdminApiIsOff() {
        JsonNode answer = post(client(jwt(), null), "{\"adminToken\":\"" + ADMIN_TOKEN + "\"}", 404);

        assertThat(answer.get("error").asString()).isEqualTo("Not found");
    }

    @Test
    void shouldAnswer501WhenTokensAreVerifiedWithAPublicKeyOnly() {
        AuthProperties publicKeyOnly = new AuthProperties("jwt", new AuthProperties.Jwt("RS256", null,
                "-----BEGIN PUBLIC KEY-----\nMIIBIjANBg\n-----END PUBLIC KEY-----", null, null, null, null), null);

        JsonNode answer = post(client(publicKeyOnly, ADMIN_TOKEN), "{\"adminToken\":\"" + ADMIN_TOKEN + "\"}", 501);

        assertThat(answer.get("error").asString()).contains("public key").doesNotContain("BEGIN");
    }

    private static AuthProperties jwt() {
        return new AuthProperties("jwt", new AuthProperties.Jwt("HS256", SECRET, null, null, null, null, null), List.of());
    }

    private static WebTestClient client(AuthProperties auth, String adminToken) {
        return WebTestClient.bindToController(new AdminController(adminToken, new TokenIssuer(auth),
                        Clock.fixed(NOW, ZoneOffset.UTC)))
                .controllerAdvice(new ErrorResponses())
                .httpMessageCodecs(codecs -> {
                    codecs.defaultCodecs().jacksonJsonEncoder(new JacksonJsonEncoder(Json.mapper()));
                    codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(Json.mapper()));
                })
                .build();
    }

    private static JsonNode post(WebTestClient client, String body, int status) {
        byte[] answer = client.post().uri("/admin/token").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        return Json.mapper().readTree(answer);
    }
}
