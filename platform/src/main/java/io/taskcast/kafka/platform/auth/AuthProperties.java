package io.taskcast.kafka.platform.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Authentication settings (api.md §8), checked at start-up: a missing or wrong value stops start-up
 * with a message naming its key. {@code toString} never shows a secret or a service key.
 *
 * @param mode {@code none} (everyone may do everything) or {@code jwt}
 * @param jwt how bearer tokens are verified; used in mode {@code jwt}
 * @param trustedServices callers identified by {@code X-Taskcast-Service-Key}, each with its own
 *                        scopes and tasks; used in mode {@code jwt}
 */
@ConfigurationProperties("taskcast.auth")
public record AuthProperties(@DefaultValue("none") String mode, @DefaultValue Jwt jwt,
                             List<TrustedService> trustedServices) {

    static final String MODE_KEY = "taskcast.auth.mode (TASKCAST_AUTH_MODE)";

    public AuthProperties {
        mode = mode == null || mode.isBlank() ? "none" : mode.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("none") && !mode.equals("jwt")) {
            throw new IllegalArgumentException(MODE_KEY + " must be none or jwt, got '" + mode + "'");
        }
        jwt = jwt == null ? new Jwt(null, null, null, null, null, null, null) : jwt;
        trustedServices = trustedServices == null ? List.of() : List.copyOf(trustedServices);
        if (mode.equals("jwt")) {
            jwt.requireKeyMaterial();
        }
        validate(trustedServices);
    }

    public boolean jwtMode() {
        return mode.equals("jwt");
    }

    private static void validate(List<TrustedService> services) {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < services.size(); i++) {
            String prefix = "taskcast.auth.trusted-services[" + i + "].";
            TrustedService service = services.get(i);
            if (isBlank(service.name())) {
                throw new IllegalArgumentException(prefix + "name is required");
            }
            if (isBlank(service.key())) {
                throw new IllegalArgumentException(prefix + "key is required");
            }
            if (!keys.add(service.key())) {
                throw new IllegalArgumentException(prefix + "key is the same as another trusted service's key");
            }
            for (String scope : service.scope()) {
                if (Scope.fromWireName(scope).isEmpty()) {
                    throw new IllegalArgumentException(prefix + "scope has an unknown scope '" + scope
                            + "'; known: task:create, task:manage, task:resolve, event:publish, event:subscribe,"
                            + " event:history, webhook:create, webhook:manage, *");
                }
            }
        }
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value;
    }

    /**
     * @param algorithm HS256/384/512 (with {@code secret}), RS256/384/512, PS256/384/512 or
     *                  ES256/384/512 (with {@code publicKey} or {@code publicKeyFile})
     * @param secret the HMAC secret, as UTF-8 bytes; at least as long as the hash (32 bytes for HS256)
     * @param publicKey the verification key as PEM ({@code -----BEGIN PUBLIC KEY-----}); wins over the file
     * @param publicKeyFile a file holding the PEM public key
     * @param issuer when set, tokens must carry exactly this {@code iss}
     * @param audience when set, the token's {@code aud} must contain it
     * @param clockSkew leeway for {@code exp} and {@code nbf}; Taskcast allows none
     */
    public record Jwt(@DefaultValue("HS256") String algorithm, String secret, String publicKey,
                      String publicKeyFile, String issuer, String audience,
                      @DefaultValue("0s") Duration clockSkew) {

        public Jwt {
            algorithm = isBlank(algorithm) ? "HS256" : algorithm.trim().toUpperCase(Locale.ROOT);
            if (MacAlgorithm.from(algorithm) == null && SignatureAlgorithm.from(algorithm) == null) {
                throw new IllegalArgumentException("taskcast.auth.jwt.algorithm (TASKCAST_JWT_ALGORITHM) must be one of"
                        + " HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384, ES512, PS256, PS384, PS512; got '"
                        + algorithm + "'");
            }
            secret = blankToNull(secret);
            publicKey = blankToNull(publicKey);
            publicKeyFile = blankToNull(publicKeyFile);
            issuer = blankToNull(issuer);
            audience = blankToNull(audience);
            clockSkew = clockSkew == null ? Duration.ZERO : clockSkew;
            if (clockSkew.isNegative()) {
                throw new IllegalArgumentException("taskcast.auth.jwt.clock-skew must not be negative, got " + clockSkew);
            }
        }

        /** The configured algorithm: a {@link MacAlgorithm} or a {@link SignatureAlgorithm}. */
        public JwsAlgorithm jwsAlgorithm() {
            MacAlgorithm mac = MacAlgorithm.from(algorithm);
            return mac != null ? mac : SignatureAlgorithm.from(algorithm);
        }

        public boolean usesSecret() {
            return jwsAlgorithm() instanceof MacAlgorithm;
        }

        private void requireKeyMaterial() {
            if (!usesSecret()) {
                if (publicKey == null && publicKeyFile == null) {
                    throw new IllegalArgumentException("taskcast.auth.jwt.public-key (TASKCAST_JWT_PUBLIC_KEY) or"
                            + " taskcast.auth.jwt.public-key-file (TASKCAST_JWT_PUBLIC_KEY_FILE) is required for "
                            + algorithm);
                }
                return;
            }
            if (secret == null) {
                throw new IllegalArgumentException(
                        "taskcast.auth.jwt.secret (TASKCAST_JWT_SECRET) is required for " + algorithm);
            }
            // RFC 7518 §3.2; Nimbus refuses shorter HMAC keys, which would make every token fail.
            int minBytes = Integer.parseInt(algorithm.substring(2)) / 8;
            int length = secret.getBytes(StandardCharsets.UTF_8).length;
            if (length < minBytes) {
                throw new IllegalArgumentException("taskcast.auth.jwt.secret (TASKCAST_JWT_SECRET) must be at least "
                        + minBytes + " bytes for " + algorithm + " (RFC 7518 §3.2), got " + length);
            }
        }

        @Override
        public String toString() {
            return "Jwt[algorithm=" + algorithm + ", secret=" + (secret == null ? "(none)" : "(redacted)")
                    + ", publicKey=" + (publicKey == null ? "(none)" : "(PEM, " + publicKey.length() + " chars)")
                    + ", publicKeyFile=" + publicKeyFile + ", issuer=" + issuer + ", audience=" + audience
                    + ", clockSkew=" + clockSkew + "]";
        }
    }

    /**
     * A caller that authenticates with {@code X-Taskcast-Service-Key} instead of a token.
     *
     * @param name shows up as {@code sub = "svc:<name>"}
     * @param key the shared key; compared in constant time
     * @param scope its scopes (wire names)
     * @param taskIds {@code *} (the default) or the ids it may touch
     */
    public record TrustedService(String name, String key, List<String> scope, List<String> taskIds) {

        public TrustedService {
            scope = scope == null ? List.of() : List.copyOf(scope);
            taskIds = taskIds == null ? List.of("*") : List.copyOf(taskIds);
        }

        @Override
        public String toString() {
            return "TrustedService[name=" + name + ", key=(redacted), scope=" + scope + ", taskIds=" + taskIds + "]";
        }
    }
}
