package io.taskcast.kafka.gateway.web;

import io.taskcast.kafka.gateway.stream.Frames;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The frames go out through {@code writeWith}, never {@code writeAndFlushWith}: on Reactor Netty the
 * latter sends each frame as a group followed by a flush marker appended with Reactor Core 3.8's
 * {@code concatWith}, which can lose a request and stall the stream for good (docs/reliability.md,
 * "The stream that never ended"). {@code BodyInserters.fromServerSentEvents} takes that path.
 */
class EventStreamWriteTest {

    @Test
    void shouldWriteTheFramesAsPlainBuffersWithTheEventStreamContentType() {
        // given: a response that counts which write path the stream takes
        AtomicInteger grouped = new AtomicInteger();
        MockServerHttpResponse response = new MockServerHttpResponse();
        ServerHttpResponseDecorator counting = new ServerHttpResponseDecorator(response) {
            @Override
            public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
                grouped.incrementAndGet();
                return super.writeAndFlushWith(body);
            }
        };
        DefaultServerWebExchange exchange = new DefaultServerWebExchange(MockServerHttpRequest.get("/tasks/t/events").build(),
                counting, new DefaultWebSessionManager(), ServerCodecConfigurer.create(), new AcceptHeaderLocaleContextResolver());
        List<ServerSentEvent<String>> frames = List.of(Frames.keepalive(),
                ServerSentEvent.builder("{\"a\":1}").event(Frames.EVENT).id("01JX").build(), Frames.done("completed"));

        // when
        ServerResponse stream = StreamRoutes.eventStream(Flux.fromIterable(frames), Mono.never()).block(Duration.ofSeconds(5));
        stream.writeTo(exchange, context()).block(Duration.ofSeconds(5));

        // then
        assertThat(grouped).as("calls of writeAndFlushWith").hasValue(0);
        assertThat(response.getBodyAsString().block(Duration.ofSeconds(5)))
                .isEqualTo(String.join("", frames.stream().map(Frames::text).toList()));
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.parseMediaType("text/event-stream;charset=UTF-8"));
        assertThat(response.getHeaders().getFirst("Cache-Control")).isEqualTo("no-cache");
    }

    private static ServerResponse.Context context() {
        HandlerStrategies strategies = HandlerStrategies.withDefaults();
        return new ServerResponse.Context() {
            @Override
            public List<org.springframework.http.codec.HttpMessageWriter<?>> messageWriters() {
                return strategies.messageWriters();
            }

            @Override
            public List<ViewResolver> viewResolvers() {
                return strategies.viewResolvers();
            }
        };
    }
}
