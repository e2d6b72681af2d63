package io.taskcast.kafka.platform.auth;

import io.taskcast.kafka.platform.web.ApiException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import static io.taskcast.kafka.platform.auth.AuthFixtures.authenticator;
import static io.taskcast.kafka.platform.auth.AuthFixtures.bearer;
import static io.taskcast.kafka.platform.auth.AuthFixtures.claims;
import static io.taskcast.kafka.platform.auth.AuthFixtures.hs256;
import static io.taskcast.kafka.platform.auth.AuthFixtures.jwt;
import static io.taskcast.kafka.platform.auth.AuthFixtures.jwtMode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bearer tokens: each supported algorithm with its key, and every way a token must be refused. */
class JwtVerificationTest {

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void shouldAcceptAnHmacTokenSignedWithTheConfiguredSecret(String algorithm) {
        // given
        Authenticator authenticator = authenticator(jwtMode(jwt(algorithm, Tokens.SECRET, null)));
        String token = Tokens.hmac(JWSAlgorithm.parse(algorithm), Tokens.SECRET, claims().build());

        // when
        AuthContext ctx = authenticator.authenticate(bearer(token)).block();

        // then
        assertThat(ctx.sub()).isEqualTo("alice");
        assertThat(ctx.scopes()).containsExactly(Scope.EVENT_SUBSCRIBE);
        assertThat(ctx.taskIds()).isEqualTo(AuthContext.TaskIds.of(List.of("t1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})
    void shouldAcceptAnRsaTokenSignedWithTheMatchingPrivateKey(String algorithm) {
        Authenticator authenticator = authenticator(jwtMode(jwt(algorithm, null, Tokens.pem(Tokens.RSA.getPublic()))));
        String token = Tokens.rsa(JWSAlgorithm.parse(algorithm), Tokens.RSA, claims().build());

        assertThat(authenticator.authenticate(bearer(token)).block().sub()).isEqualTo("alice");
    }

    @Test
    void shouldAcceptEs256Es384AndEs512TokensSignedWithTheMatchingPrivateKey() {
        assertEcAccepted("ES256", Tokens.EC_P256);
        assertEcAccepted("ES384", Tokens.EC_P384);
        assertEcAccepted("ES512", Tokens.EC_P521);
    }

    @Test
    void shouldRejectATokenSignedWithAnotherSecret() {
        String token = Tokens.hmac(JWSAlgorithm.HS256, "another-secret-of-at-least-thirty-two-bytes!", claims().build());

        assertRejected(hs256(), token);
    }

    @Test
    void shouldRejectATokenSignedWithAnotherRsaKey() {
        Authenticator authenticator = authenticator(jwtMode(jwt("RS256", null, Tokens.pem(Tokens.RSA.getPublic()))));

        assertRejected(authenticator, Tokens.rsa(JWSAlgorithm.RS256, Tokens.OTHER_RSA, claims().build()));
    }

    @Test
    void shouldRejectAnHs256TokenKeyedWithThePublicKeyWhenRs256IsExpected() {
        // given: the classic algorithm-confusion attack — the public key is public, so an attacker
        // can "sign" with it as an HMAC secret and hope the server verifies HS256 with the same bytes
        String publicPem = Tokens.pem(Tokens.RSA.getPublic());
        Authenticator authenticator = authenticator(jwtMode(jwt("RS256", null, publicPem)));
        String forged = Tokens.hmac(JWSAlgorithm.HS256, publicPem.getBytes(StandardCharsets.US_ASCII),
                claims().claim("scope", List.of("*")).build());

        // then
        assertRejected(authenticator, forged);
    }

    @Test
    void shouldRejectATokenSignedWithAnotherAlgorithmThanConfigured() {
        Authenticator authenticator = authenticator(jwtMode(jwt("HS512", Tokens.SECRET, null)));

        assertRejected(authenticator, Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET, claims().build()));
    }

    @Test
    void shouldRejectATokenWithAlgNone() {
        String unsigned = new PlainJWT(claims().claim("scope", List.of("*")).build()).serialize();

        assertRejected(hs256(), unsigned);
    }

    @Test
    void shouldRejectAnExpiredToken() {
        JWTClaimsSet expired = claims().expirationTime(Date.from(Instant.now().minusSeconds(5))).build();

        assertRejected(hs256(), Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET, expired));
    }

    @Test
    void shouldAcceptATokenWithoutExp() {
        JWTClaimsSet noExpiry = claims().expirationTime(null).build();

        assertThat(hs256().authenticate(bearer(Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET, noExpiry))).block())
                .isNotNull();
    }

    @Test
    void shouldRejectATokenThatIsNotYetValid() {
        JWTClaimsSet early = claims().notBeforeTime(Date.from(Instant.now().plusSeconds(60))).build();

        assertRejected(hs256(), Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET, early));
    }

    @Test
    void shouldRejectATokenFromAnotherIssuer() {
        Authenticator authenticator = authenticator(jwtMode(
                new AuthProperties.Jwt("HS256", Tokens.SECRET, null, null, "https://issuer.example", null, null)));

        assertThat(authenticator.authenticate(bearer(Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET,
                claims().issuer("https://issuer.example").build()))).block()).isNotNull();
        assertRejected(authenticator, Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET,
                claims().issuer("https://evil.example").build()));
        assertRejected(authenticator, Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET, claims().build()));
    }

    @Test
    void shouldRejectATokenForAnotherAudience() {
        Authenticator authenticator = authenticator(jwtMode(
                new AuthProperties.Jwt("HS256", Tokens.SECRET, null, null, null, "taskcast", null)));

        assertThat(authenticator.authenticate(bearer(Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET,
                claims().audience(List.of("other", "taskcast")).build()))).block()).isNotNull();
        assertRejected(authenticator, Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET,
                claims().audience("other").build()));
        assertRejected(authenticator, Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET, claims().build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "not.a.jwt", "a.b.c.d.e", "eyJhbGciOiJIUzI1NiJ9.e30.", "e30.e30.e30"})
    void shouldRejectAMalformedToken(String token) {
        assertRejected(hs256(), token);
    }

    @Test
    void shouldRejectATokenWhosePayloadWasChangedAfterSigning() {
        String[] parts = Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET, claims().build()).split("\\.");
        String widened = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims().claim("scope", List.of("*")).build().toString().getBytes(StandardCharsets.UTF_8));

        assertRejected(hs256(), parts[0] + "." + widened + "." + parts[2]);
    }

    @Test
    void shouldRejectASignedTokenWithAnEmptyClaimSet() {
        assertRejected(hs256(), Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET, new JWTClaimsSet.Builder().build()));
    }

    private static void assertEcAccepted(String algorithm, KeyPair keys) {
        Authenticator authenticator = authenticator(jwtMode(jwt(algorithm, null, Tokens.pem(keys.getPublic()))));
        String token = Tokens.ec(JWSAlgorithm.parse(algorithm), keys, claims().build());

        assertThat(authenticator.authenticate(bearer(token)).block().sub()).isEqualTo("alice");
    }

    static void assertRejected(Authenticator authenticator, String token) {
        assertThatThrownBy(() -> authenticator.authenticate(bearer(token)).block())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.code()).isEqualTo("UNAUTHORIZED");
                    assertThat(e.getMessage()).isEqualTo("Invalid or expired token");
                });
    }
}
