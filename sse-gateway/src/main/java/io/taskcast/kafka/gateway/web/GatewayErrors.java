package io.taskcast.kafka.gateway.web;

import io.taskcast.kafka.gateway.stream.StreamQuery;
import io.taskcast.kafka.platform.ArchiveUnavailableException;
import io.taskcast.kafka.platform.auth.AuthException;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.hooks.UnhandledError;
import io.taskcast.kafka.platform.redis.RedisUnavailableException;
import io.taskcast.kafka.schemas.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failures before a stream opens, as the API's error body {@code {"error", "code"}} (api.md §5).
 * Once a stream has started there is no status to send any more; it just ends.
 */
final class GatewayErrors {

    private static final Logger log = LoggerFactory.getLogger(GatewayErrors.class);

    private GatewayErrors() {
    }

    /** The task exists neither in Redis nor in the archive. */
    static final class TaskNotFound extends RuntimeException {
        TaskNotFound(String taskId) {
            super("Task not found: " + taskId, null, false, false);
        }
    }

    /** @param route the route template, for the hooks ({@code onUnhandledError}) */
    static Mono<ServerResponse> respond(Throwable error, String route, HookDispatcher hooks) {
        if (error instanceof AuthException e) {
            return body(e.status(), e.getMessage(), e.code());
        }
        if (error instanceof StreamQuery.QueryException e) {
            return body(400, e.getMessage(), "INVALID_QUERY");
        }
        if (error instanceof TaskNotFound e) {
            return body(404, e.getMessage(), "TASK_NOT_FOUND");
        }
        Optional<RedisUnavailableException> redis = RedisUnavailableException.of(error);
        if (redis.isPresent()) {
            log.warn("Answering 503 to a stream on {}: {}", route, redis.get().getMessage());
            return body(503, redis.get().getMessage(), "REDIS_UNAVAILABLE");
        }
        if (error instanceof ArchiveUnavailableException e) {
            return body(503, e.getMessage(), ArchiveUnavailableException.CODE);
        }
        log.error("Unhandled error while opening a stream", error);
        hooks.unhandledError(new UnhandledError("gateway", route, error));
        return body(500, "Internal error", "INTERNAL_ERROR");
    }

    private static Mono<ServerResponse> body(int status, String message, String code) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("code", code);
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(Json.toString(body));
    }
}
