package io.taskcast.kafka.platform.web;

import io.taskcast.kafka.platform.ArchiveUnavailableException;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.hooks.UnhandledError;
import io.taskcast.kafka.platform.redis.RedisUnavailableException;
import io.taskcast.kafka.schemas.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

import java.util.Optional;

/**
 * Every failure of a request as the API's error body {@code {"error", "code"}} (api.md §5), one
 * mapping for the API's routes and the gateway's streams, so clients never see a framework's error
 * page and the same failure is answered the same way wherever it happens.
 */
public final class ErrorAnswers {

    private static final Logger log = LoggerFactory.getLogger(ErrorAnswers.class);

    private final String role;
    private final HookDispatcher hooks;

    /**
     * @param role  the role answering, for the hooks ({@code ingest}, {@code gateway})
     * @param hooks told of every error answered with 500 ({@code onUnhandledError})
     */
    public ErrorAnswers(String role, HookDispatcher hooks) {
        this.role = role;
        this.hooks = hooks;
    }

    /** A status and the body that goes with it. */
    public record Answer(int status, ApiError body) {
    }

    /**
     * @param request what was asked, for the log and the hooks: the method and path
     *                ({@code POST /tasks/abc}) or the route template, never the query or the body
     */
    public Answer answer(Throwable error, String request) {
        if (error instanceof ApiException e) {
            return answer(e.status(), e.getMessage(), e.code());
        }
        if (error instanceof ArchiveUnavailableException e) {
            return answer(503, e.getMessage(), ArchiveUnavailableException.CODE);
        }
        if (error instanceof ResponseStatusException e) {
            if (e.getStatusCode().value() == 413) {
                return answer(413, "Request body is larger than the limit (taskcast.ingest.max-body-size)",
                        "PAYLOAD_TOO_LARGE");
            }
            String reason = e.getReason() == null ? e.getStatusCode().toString() : e.getReason();
            return answer(e.getStatusCode().value(), reason,
                    e.getStatusCode().is4xxClientError() ? "BAD_REQUEST" : "INTERNAL_ERROR");
        }
        Optional<RedisUnavailableException> redis = RedisUnavailableException.of(error);
        if (redis.isPresent()) {
            log.warn("Answering 503 to {}: {}", request, redis.get().getMessage());
            return answer(503, redis.get().getMessage(), "REDIS_UNAVAILABLE");
        }
        log.error("Unhandled error while serving {}", request, error);
        hooks.unhandledError(new UnhandledError(role, request, error));
        return answer(500, "Internal error", "INTERNAL_ERROR");
    }

    /** The answer as a functional route's response. */
    public Mono<ServerResponse> respond(Throwable error, String request) {
        Answer answer = answer(error, request);
        return ServerResponse.status(answer.status()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Json.toString(answer.body()));
    }

    private static Answer answer(int status, String message, String code) {
        return new Answer(status, new ApiError(message, code));
    }
}
