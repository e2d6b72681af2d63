package io.taskcast.kafka.platform.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.taskcast.kafka.platform.web.ApiException;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Signs tokens that this server's own decoder accepts, for the admin token exchange: with the
 * configured shared secret and HMAC algorithm, and the configured issuer and audience when they are
 * checked. In mode {@code none} there is nothing to sign: the token is empty, as in Taskcast.
 */
public final class TokenIssuer {

    private final AuthProperties auth;

    public TokenIssuer(AuthProperties auth) {
        this.auth = auth;
    }

    /**
     * @param expiresAt unix seconds
     * @return the compact JWT; empty in mode {@code none}
     * @throws ApiException 501 when the server verifies tokens with a public key and so holds no key to sign with
     */
    public Optional<String> issue(String subject, List<String> scopes, long issuedAt, long expiresAt) {
        if (!auth.jwtMode()) {
            return Optional.empty();
        }
        AuthProperties.Jwt jwt = auth.jwt();
        if (!jwt.usesSecret() || jwt.secret() == null) {
            throw new ApiException(501, "NOT_IMPLEMENTED", "Cannot issue tokens: taskcast.auth.jwt verifies with a"
                    + " public key (" + jwt.algorithm() + "), so this server holds no key to sign with");
        }
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("scope", String.join(" ", scopes))
                .claim("taskIds", "*")
                .issueTime(new Date(issuedAt * 1000))
                .expirationTime(new Date(expiresAt * 1000));
        if (jwt.issuer() != null) {
            claims.issuer(jwt.issuer());
        }
        if (jwt.audience() != null) {
            claims.audience(jwt.audience());
        }
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.parse(jwt.algorithm())), claims.build());
        try {
            token.sign(new MACSigner(jwt.secret().getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            // A secret too short for the algorithm; the message names the length, never the secret.
            throw new ApiException(501, "NOT_IMPLEMENTED", "Cannot issue tokens: " + e.getMessage());
        }
        return Optional.of(token.serialize());
    }
}
