package io.taskcast.kafka.gateway.web;

import io.taskcast.kafka.gateway.stream.Frames;
import io.taskcast.kafka.gateway.stream.StreamClient;
import io.taskcast.kafka.gateway.stream.StreamQuery;
import io.taskcast.kafka.gateway.stream.TaskStreams;
import io.taskcast.kafka.platform.auth.RequestGuard;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.auth.Scope;
import io.taskcast.kafka.platform.web.ErrorAnswers;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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

    private final RequestGuard guard;
    private final TaskStreams streams;
    private final ErrorAnswers errors;
    private final Duration slowClientGrace;

    /**
     * @param guard           the checks of api.md §5, as the API's routes make them
     * @param hooks           told of errors that end a request with 500 ({@code onUnhandledError})
     * @param slowClientGrace how long a stream closed for falling behind may still write what was on
     *                        its way before the gateway closes its connection
     */
    public StreamRoutes(RequestGuard guard, TaskStreams streams, HookDispatcher hooks, Duration slowClientGrace) {
        this.guard = guard;
        this.streams = streams;
        this.errors = new ErrorAnswers("gateway", hooks);
        this.slowClientGrace = slowClientGrace;
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
        return guard.authenticate(request.exchange())
                .flatMap(auth -> {
                    StreamQuery query = StreamQuery.parse(param(request, "types"), param(request, "levels"),
                            param(request, "includeStatus"), param(request, "wrap"), param(request, "seriesFormat"),
                            param(request, "since.id"), param(request, "since.index"), param(request, "since.timestamp"),
                            param(request, "limit"), request.headers().firstHeader(LAST_EVENT_ID));
                    return guard.task(auth, Scope.EVENT_SUBSCRIBE, taskId)
                            .map(task -> streams.openTask(taskId, query, task, client));
                })
                .flatMap(frames -> eventStream(frames, client.closed()))
                .onErrorResume(e -> errors.respond(e, "GET /tasks/{taskId}/events"));
    }

    private Mono<ServerResponse> globalStream(ServerRequest request) {
        StreamClient client = ClientConnection.of(request, slowClientGrace);
        return guard.authenticate(request.exchange())
                .map(auth -> {
                    StreamQuery query = StreamQuery.global(param(request, "types"), param(request, "levels"),
                            param(request, "includeStatus"), param(request, "wrap"));
                    guard.require(auth, Scope.EVENT_SUBSCRIBE);
                    // A token confined to some tasks sees only their events, as GET /tasks lists only them.
                    return streams.openGlobal(query, auth.taskIds()::contains, client);
                })
                .flatMap(frames -> eventStream(frames, client.closed()))
                .onErrorResume(e -> errors.respond(e, "GET /events"));
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
