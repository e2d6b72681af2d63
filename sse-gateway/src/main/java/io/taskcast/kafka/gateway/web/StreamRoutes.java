package io.taskcast.kafka.gateway.web;

import io.taskcast.kafka.gateway.stream.StreamQuery;
import io.taskcast.kafka.gateway.stream.TaskStreams;
import io.taskcast.kafka.platform.TaskReads;
import io.taskcast.kafka.platform.auth.AuthContext;
import io.taskcast.kafka.platform.auth.Authenticator;
import io.taskcast.kafka.platform.auth.Authorizer;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.auth.Scope;
import io.taskcast.kafka.platform.auth.TaskAccess;
import io.taskcast.kafka.schemas.Task;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /tasks/{id}/events} and {@code GET /events} (api.md §6). Checks run in api.md §5's
 * order — 401, 400, 403, 404, task rules — and every failure is answered as JSON before the
 * stream opens.
 */
public final class StreamRoutes {

    private static final String LAST_EVENT_ID = "Last-Event-ID";

    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final TaskAccess access;
    private final TaskStreams streams;
    private final HookDispatcher hooks;

    public StreamRoutes(Authenticator authenticator, Authorizer authorizer, TaskReads views, TaskStreams streams) {
        this(authenticator, authorizer, views, streams, HookDispatcher.none());
    }

    /** @param hooks told of errors that end a request with 500 ({@code onUnhandledError}) */
    public StreamRoutes(Authenticator authenticator, Authorizer authorizer, TaskReads views, TaskStreams streams,
                        HookDispatcher hooks) {
        this.hooks = hooks;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.access = new TaskAccess(authorizer, views);
        this.streams = streams;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/tasks/{taskId}/events", this::taskStream)
                .GET("/events", this::globalStream)
                .build();
    }

    private Mono<ServerResponse> taskStream(ServerRequest request) {
        String taskId = request.pathVariable("taskId");
        Mono<Void> closed = ConnectionClosed.of(request);
        return authenticator.authenticate(request.exchange().getRequest())
                .flatMap(auth -> Mono.fromCallable(() -> openTask(auth, request, taskId, closed))
                        .subscribeOn(Schedulers.boundedElastic()))
                .flatMap(frames -> eventStream(frames, closed))
                .onErrorResume(e -> GatewayErrors.respond(e, "GET /tasks/{taskId}/events", hooks));
    }

    private Flux<ServerSentEvent<String>> openTask(AuthContext auth, ServerRequest request, String taskId,
                                                  Mono<Void> closed) {
        StreamQuery query = StreamQuery.parse(param(request, "types"), param(request, "levels"),
                param(request, "includeStatus"), param(request, "wrap"), param(request, "seriesFormat"),
                param(request, "since.id"), param(request, "since.index"), param(request, "since.timestamp"),
                param(request, "limit"), request.headers().firstHeader(LAST_EVENT_ID));
        Task task = access.require(auth, Scope.EVENT_SUBSCRIBE, taskId, GatewayErrors.TaskNotFound::new);
        return streams.openTask(taskId, query, task, closed);
    }

    private Mono<ServerResponse> globalStream(ServerRequest request) {
        Mono<Void> closed = ConnectionClosed.of(request);
        return authenticator.authenticate(request.exchange().getRequest())
                .map(auth -> {
                    StreamQuery query = StreamQuery.global(param(request, "types"), param(request, "levels"),
                            param(request, "includeStatus"), param(request, "wrap"));
                    authorizer.require(auth, Scope.EVENT_SUBSCRIBE, null);
                    // A token confined to some tasks sees only their events, as GET /tasks lists only them.
                    return streams.openGlobal(query, auth.taskIds()::contains, closed);
                })
                .flatMap(frames -> eventStream(frames, closed))
                .onErrorResume(e -> GatewayErrors.respond(e, "GET /events", hooks));
    }

    /** The frames until the stream ends or its connection closes, whichever comes first. */
    private static Mono<ServerResponse> eventStream(Flux<ServerSentEvent<String>> frames, Mono<Void> closed) {
        return ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                .header("Cache-Control", "no-cache")
                // Tells nginx-style proxies not to hold frames back.
                .header("X-Accel-Buffering", "no")
                .body(BodyInserters.fromServerSentEvents(frames.takeUntilOther(closed)));
    }

    private static String param(ServerRequest request, String name) {
        return request.queryParam(name).orElse(null);
    }
}
