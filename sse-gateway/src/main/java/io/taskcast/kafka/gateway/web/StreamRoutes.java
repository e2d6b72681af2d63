package io.taskcast.kafka.gateway.web;

import io.taskcast.kafka.gateway.stream.Frames;
import io.taskcast.kafka.gateway.stream.StreamClient;
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
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code GET /tasks/{id}/events} and {@code GET /events} (api.md §6). Checks run in api.md §5's
 * order — 401, 400, 403, 404, task rules — and every failure is answered as JSON before the
 * stream opens.
 */
public final class StreamRoutes {

    private static final String LAST_EVENT_ID = "Last-Event-ID";
    /** As Spring's SSE writer declared it. */
    private static final MediaType EVENT_STREAM = new MediaType(MediaType.TEXT_EVENT_STREAM, StandardCharsets.UTF_8);

    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final TaskAccess access;
    private final TaskStreams streams;
    private final HookDispatcher hooks;
    private final Duration slowClientGrace;

    /**
     * @param hooks           told of errors that end a request with 500 ({@code onUnhandledError})
     * @param slowClientGrace how long a stream closed for falling behind may still write what was on
     *                        its way before the gateway closes its connection
     */
    public StreamRoutes(Authenticator authenticator, Authorizer authorizer, TaskReads views, TaskStreams streams,
                        HookDispatcher hooks, Duration slowClientGrace) {
        this.hooks = hooks;
        this.slowClientGrace = slowClientGrace;
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
        StreamClient client = ClientConnection.of(request, slowClientGrace);
        return authenticator.authenticate(request.exchange().getRequest())
                .flatMap(auth -> Mono.fromCallable(() -> openTask(auth, request, taskId, client))
                        .subscribeOn(Schedulers.boundedElastic()))
                .flatMap(frames -> eventStream(frames, client.closed()))
                .onErrorResume(e -> GatewayErrors.respond(e, "GET /tasks/{taskId}/events", hooks));
    }

    private Flux<ServerSentEvent<String>> openTask(AuthContext auth, ServerRequest request, String taskId,
                                                  StreamClient client) {
        StreamQuery query = StreamQuery.parse(param(request, "types"), param(request, "levels"),
                param(request, "includeStatus"), param(request, "wrap"), param(request, "seriesFormat"),
                param(request, "since.id"), param(request, "since.index"), param(request, "since.timestamp"),
                param(request, "limit"), request.headers().firstHeader(LAST_EVENT_ID));
        Task task = access.require(auth, Scope.EVENT_SUBSCRIBE, taskId, GatewayErrors.TaskNotFound::new);
        return streams.openTask(taskId, query, task, client);
    }

    private Mono<ServerResponse> globalStream(ServerRequest request) {
        StreamClient client = ClientConnection.of(request, slowClientGrace);
        return authenticator.authenticate(request.exchange().getRequest())
                .map(auth -> {
                    StreamQuery query = StreamQuery.global(param(request, "types"), param(request, "levels"),
                            param(request, "includeStatus"), param(request, "wrap"));
                    authorizer.require(auth, Scope.EVENT_SUBSCRIBE, null);
                    // A token confined to some tasks sees only their events, as GET /tasks lists only them.
                    return streams.openGlobal(query, auth.taskIds()::contains, client);
                })
                .flatMap(frames -> eventStream(frames, client.closed()))
                .onErrorResume(e -> GatewayErrors.respond(e, "GET /events", hooks));
    }

    /**
     * The frames until the stream ends or its connection closes, whichever comes first.
     *
     * <p>Written as plain buffers rather than with {@code BodyInserters.fromServerSentEvents}: that
     * writer sends each frame as a group, which Reactor Netty follows with a flush marker appended
     * by {@code concatWith}, and Reactor Core 3.8's {@code concatWith} can lose a request that comes
     * from the event loop while it switches to the marker. The response then waited for good with
     * demand outstanding: no more frames, no {@code done}, no close (a heap dump of a hung
     * SseSlowConsumerIT showed exactly that). Plain buffers reach the channel without that step;
     * Reactor Netty still flushes after every batch it drains.
     */
    static Mono<ServerResponse> eventStream(Flux<ServerSentEvent<String>> frames, Mono<Void> closed) {
        return ServerResponse.ok().contentType(EVENT_STREAM)
                .header("Cache-Control", "no-cache")
                // Tells nginx-style proxies not to hold frames back.
                .header("X-Accel-Buffering", "no")
                .body((response, context) -> response.writeWith(frames.takeUntilOther(closed)
                        .map(frame -> response.bufferFactory().wrap(Frames.text(frame).getBytes(StandardCharsets.UTF_8)))));
    }

    private static String param(ServerRequest request, String name) {
        return request.queryParam(name).orElse(null);
    }
}
