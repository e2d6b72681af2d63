package io.taskcast.kafka.gateway.web;

import io.netty.channel.Channel;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * Completes when the request's TCP connection is closed, also when it was closed before anyone
 * asked. A stream is opened off the event loop (it reads Redis first); a client that resets the
 * connection meanwhile is gone before the response is written, and Reactor Netty then never
 * cancels the stream's frames: without this signal such a stream stayed open for good, holding its
 * live listener and its task's subscriber count (AbruptConnectionsIT).
 */
final class ConnectionClosed {

    private ConnectionClosed() {
    }

    static Mono<Void> of(ServerRequest request) {
        Object nativeRequest;
        try {
            nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request.exchange().getRequest());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A request no server received (a test's mock): nothing to watch.
            return Mono.never();
        }
        if (!(nativeRequest instanceof Connection connection)) {
            // Another server than Reactor Netty: its own cancellation is all there is.
            return Mono.never();
        }
        Channel channel = connection.channel();
        return Mono.create(sink -> channel.closeFuture().addListener(done -> sink.success()));
    }
}
