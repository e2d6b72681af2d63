package io.taskcast.kafka.platform.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Builds configurations, authenticators and requests for the auth tests. */
final class AuthFixtures {

    private AuthFixtures() {
    }

    static AuthProperties.Jwt jwt(String algorithm, String secret, String publicKey) {
        return new AuthProperties.Jwt(algorithm, secret, publicKey, null, null, null, null);
    }

    static AuthProperties jwtMode(AuthProperties.Jwt jwt, AuthProperties.TrustedService... services) {
        return new AuthProperties("jwt", jwt, List.of(services));
    }

    static Authenticator authenticator(AuthProperties properties) {
        return new Authenticator(properties, properties.jwtMode()
                ? TokenDecoders.create(properties.jwt()) : TokenDecoders.disabled());
    }

    static Authenticator hs256() {
        return authenticator(jwtMode(jwt("HS256", Tokens.SECRET, null)));
    }

    /** sub alice, one scope, one task, valid for five minutes. */
    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .subject("alice")
                .claim("scope", List.of("event:subscribe"))
                .claim("taskIds", List.of("t1"))
                .expirationTime(Date.from(Instant.now().plusSeconds(300)));
    }

    static MockServerHttpRequest bearer(String token) {
        return request(Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + token));
    }

    static MockServerHttpRequest request(Map<String, String> headers) {
        MockServerHttpRequest.BaseBuilder<?> builder = MockServerHttpRequest.get("/tasks/t1");
        headers.forEach(builder::header);
        return builder.build();
    }
}
