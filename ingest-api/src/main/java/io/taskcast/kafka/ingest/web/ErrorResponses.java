package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.platform.ArchiveUnavailableException;
import io.taskcast.kafka.platform.auth.AuthException;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.hooks.UnhandledError;
import io.taskcast.kafka.platform.redis.RedisUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

import java.util.Optional;

/** Turns every failure into the API's error body, so clients never see a framework's error page. */
@RestControllerAdvice
public class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private final HookDispatcher hooks;

    public ErrorResponses() {
        this(HookDispatcher.none());
    }

    /** @param hooks told of every error answered with 500 ({@code onUnhandledError}) */
    public ErrorResponses(HookDispatcher hooks) {
        this.hooks = hooks;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> api(ApiException e) {
        return ResponseEntity.status(e.status()).body(new ApiError(e.getMessage(), e.code()));
    }

    @ExceptionHandler(AuthException.class)
    ResponseEntity<ApiError> auth(AuthException e) {
        return ResponseEntity.status(e.status()).body(new ApiError(e.getMessage(), e.code()));
    }

    @ExceptionHandler(ArchiveUnavailableException.class)
    ResponseEntity<ApiError> archive(ArchiveUnavailableException e) {
        return ResponseEntity.status(503).body(new ApiError(e.getMessage(), ArchiveUnavailableException.CODE));
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ApiError> framework(ResponseStatusException e) {
        if (e.getStatusCode().value() == 413) {
            return ResponseEntity.status(413).body(new ApiError(
                    "Request body is larger than the limit (taskcast.ingest.max-body-size)", "PAYLOAD_TOO_LARGE"));
        }
        String reason = e.getReason() == null ? e.getStatusCode().toString() : e.getReason();
        return ResponseEntity.status(e.getStatusCode())
                .body(new ApiError(reason, e.getStatusCode().is4xxClientError() ? "BAD_REQUEST" : "INTERNAL_ERROR"));
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ApiError> unexpected(RuntimeException e, ServerHttpRequest request) {
        Optional<RedisUnavailableException> redis = RedisUnavailableException.of(e);
        if (redis.isPresent()) {
            log.warn("Answering 503 to {} {}: {}", request.getMethod(), request.getPath().value(), redis.get().getMessage());
            return ResponseEntity.status(503).body(new ApiError(redis.get().getMessage(), "REDIS_UNAVAILABLE"));
        }
        log.error("Unhandled error while serving a request", e);
        // The path only (ids, never the query or the body): enough to find the request, nothing secret.
        hooks.unhandledError(new UnhandledError("ingest", request.getMethod() + " " + request.getPath().value(), e));
        return ResponseEntity.status(500).body(new ApiError("Internal error", "INTERNAL_ERROR"));
    }
}
