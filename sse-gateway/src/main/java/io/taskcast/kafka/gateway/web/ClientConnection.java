package io.taskcast.kafka.gateway.web;

import io.netty.channel.Channel;
import io.taskcast.kafka.gateway.stream.StreamClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.channel.ChannelOperations;

import java.time.Duration;

/**
 * The TCP connection of a stream's request, on Reactor Netty.
 *
 * <p>{@link #closed()} completes when the connection is closed, also when it was closed before
 * anyone asked. A stream is opened off the event loop (it reads Redis first); a client that resets
 * the connection meanwhile is gone before the response is written, and Reactor Netty then never
 * cancels the stream's frames: without this signal such a stream stayed open for good, holding its
 * live listener and its task's subscriber count (AbruptConnectionsIT).
 *
 * <p>{@link #fellBehind(String)} closes the connection once {@code grace} has passed, unless the
 * response has ended by then. A stream closed for falling behind still has to write what was on
 * its way before its end; a client that takes nothing more would otherwise keep the connection,
 * the stream's listener and its task's subscriber count for as long as it stays connected
 * (SseSlowConsumerIT).
 */
final class ClientConnection implements StreamClient {

    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

    private final Channel channel;
    private final Mono<Void> closed;
    private final Mono<Void> responseEnded;
    private final Duration grace;

    private ClientConnection(Channel channel, Mono<Void> responseEnded, Duration grace) {
        this.channel = channel;
        this.closed = Mono.create(sink -> channel.closeFuture().addListener(done -> sink.success()));
        this.responseEnded = responseEnded;
        this.grace = grace;
    }

    /** The request's connection; {@link StreamClient#NONE} for a request that did not come through Reactor Netty. */
    static StreamClient of(ServerRequest request, Duration grace) {
        Object nativeRequest;
        try {
            nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request.exchange().getRequest());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A request no server received (a test's mock): nothing to watch.
            return StreamClient.NONE;
        }
        if (!(nativeRequest instanceof Connection connection)) {
            // Another server than Reactor Netty: its own cancellation is all there is.
            return StreamClient.NONE;
        }
        // On a kept-alive connection the response can end long before the connection does, and the
        // connection may serve the client's next request by the time the grace is over.
        Mono<Void> responseEnded = connection instanceof ChannelOperations<?, ?> exchange
                ? exchange.onTerminate() : connection.onDispose();
        return new ClientConnection(connection.channel(), responseEnded, grace);
    }

    @Override
    public Mono<Void> closed() {
        return closed;
    }

    @Override
    public void fellBehind(String stream) {
        Mono.delay(grace).takeUntilOther(responseEnded).subscribe(tick -> {
            if (channel.isOpen()) {
                log.info("Closing the connection of {}: its client took nothing more within {} of falling behind",
                        stream, grace);
                channel.close();
            }
        });
    }
}
