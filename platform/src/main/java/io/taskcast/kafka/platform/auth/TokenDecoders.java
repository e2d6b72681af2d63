package io.taskcast.kafka.platform.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the bearer-token verifier from configuration: Spring Security's Nimbus decoder pinned to
 * the one configured algorithm and key (so {@code alg: none} and algorithm confusion are refused),
 * then the OAuth2 validators for {@code exp}/{@code nbf} (when present), issuer and audience.
 * Like Taskcast, the {@code typ} header is not checked.
 */
final class TokenDecoders {

    private TokenDecoders() {
    }

    /** The decoder for {@code jwt}; fails start-up naming the key when the key material is unusable. */
    static ReactiveJwtDecoder create(AuthProperties.Jwt jwt) {
        NimbusReactiveJwtDecoder decoder = signatureVerifier(jwt);
        decoder.setJwtValidator(validator(jwt));
        return decoder;
    }

    /** Mode {@code none} never looks at tokens; this decoder refuses any that reach it. */
    static ReactiveJwtDecoder disabled() {
        return token -> Mono.error(new BadJwtException("JWT authentication is off (taskcast.auth.mode=none)"));
    }

    private static NimbusReactiveJwtDecoder signatureVerifier(AuthProperties.Jwt jwt) {
        JwsAlgorithm algorithm = jwt.jwsAlgorithm();
        if (algorithm instanceof MacAlgorithm mac) {
            byte[] secret = jwt.secret().getBytes(StandardCharsets.UTF_8);
            return NimbusReactiveJwtDecoder
                    .withSecretKey(new SecretKeySpec(secret, "Hmac" + mac.getName().substring(2)))
                    .macAlgorithm(mac).validateType(false).build();
        }
        SignatureAlgorithm signature = (SignatureAlgorithm) algorithm;
        if (signature.getName().startsWith("ES")) {
            ECKey jwk = ecJwk((ECPublicKey) PublicKeys.load(jwt, "EC"), signature);
            return NimbusReactiveJwtDecoder.withJwkSource(token -> Flux.just(jwk))
                    .jwsAlgorithm(signature).validateType(false).build();
        }
        return NimbusReactiveJwtDecoder.withPublicKey((RSAPublicKey) PublicKeys.load(jwt, "RSA"))
                .signatureAlgorithm(signature).validateType(false).build();
    }

    /** Spring's public-key builder takes only RSA keys; an EC key goes in as a one-key JWK set. */
    private static ECKey ecJwk(ECPublicKey key, SignatureAlgorithm algorithm) {
        Curve curve = Curve.forECParameterSpec(key.getParams());
        if (curve == null || !Curve.forJWSAlgorithm(JWSAlgorithm.parse(algorithm.getName())).contains(curve)) {
            throw new IllegalArgumentException("taskcast.auth.jwt.public-key / public-key-file: "
                    + algorithm.getName() + " needs a key on curve "
                    + Curve.forJWSAlgorithm(JWSAlgorithm.parse(algorithm.getName())) + ", got "
                    + (curve == null ? "an unknown curve" : curve.getName()));
        }
        return new ECKey.Builder(curve, key).build();
    }

    private static OAuth2TokenValidator<Jwt> validator(AuthProperties.Jwt jwt) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(jwt.clockSkew()));
        if (jwt.issuer() != null) {
            validators.add(new JwtIssuerValidator(jwt.issuer()));
        }
        if (jwt.audience() != null) {
            validators.add(new JwtAudienceValidator(jwt.audience()));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }
}
