package io.taskcast.kafka.platform.auth;

import io.taskcast.kafka.platform.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Who is calling (api.md §8). Mode {@code none}: everyone may do everything. Mode {@code jwt}: a
 * {@code X-Taskcast-Service-Key} header, when trusted services are configured, must match one of
 * them; otherwise {@code Authorization: Bearer <token>} must carry a token that verifies.
 * <p>
 * The scheme must be spelled {@code Bearer} exactly, as Taskcast checks it (and its clients send
 * it); {@code bearer …} is answered like a missing token. As in Taskcast, a service-key header is
 * ignored when no trusted services are configured.
 */
public final class Authenticator {

    public static final String SERVICE_KEY_HEADER = "X-Taskcast-Service-Key";
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
    static final String MISSING_TOKEN = "Missing Bearer token";
    static final String INVALID_TOKEN = "Invalid or expired token";
    static final String INVALID_SERVICE_KEY = "Invalid service key";
    private static final String BEARER_PREFIX = "Bearer ";

    private final boolean jwtMode;
    private final ServiceKeys serviceKeys;
    private final ReactiveJwtDecoder decoder;

    public Authenticator(AuthProperties properties, ReactiveJwtDecoder decoder) {
        this.jwtMode = properties.jwtMode();
        this.serviceKeys = new ServiceKeys(properties.trustedServices());
        this.decoder = decoder;
    }

    /** The caller's permissions, or an {@link ApiException} (401). */
    public Mono<AuthContext> authenticate(ServerHttpRequest request) {
        if (!jwtMode) {
            return Mono.just(AuthContext.ALL);
        }
        HttpHeaders headers = request.getHeaders();
        String serviceKey = headers.getFirst(SERVICE_KEY_HEADER);
        if (serviceKey != null && !serviceKeys.isEmpty()) {
            return serviceKeys.match(serviceKey).map(Mono::just)
                    .orElseGet(() -> Mono.error(ApiException.unauthorized(INVALID_SERVICE_KEY)));
        }
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.startsWith(BEARER_PREFIX)) {
            return Mono.error(ApiException.unauthorized(MISSING_TOKEN));
        }
        return verify(authorization.substring(BEARER_PREFIX.length()));
    }

    private Mono<AuthContext> verify(String token) {
        return decoder.decode(token)
                .onErrorMap(JwtException.class, e -> {
                    // Spring's messages name the failed check (expiry, issuer, signature), never the token.
                    log.debug("Bearer token rejected: {}", e.getMessage());
                    return ApiException.unauthorized(INVALID_TOKEN);
                })
                .map(TokenClaims::toContext);
    }
}
