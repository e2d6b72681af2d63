package io.taskcast.kafka.gateway.stream;

import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.codec.ServerSentEventHttpMessageWriter;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway writes frames itself (see StreamRoutes); they must stay byte for byte what Spring's SSE writer wrote. */
class FramesTest {

    @Test
    void shouldWriteEveryKindOfFrameAsSpringsServerSentEventWriterDoes() {
        List<ServerSentEvent<String>> frames = List.of(
                Frames.keepalive(),
                Frames.done("completed"),
                ServerSentEvent.builder("{\"a\":1}").event(Frames.EVENT).id("01JX").build(),
                ServerSentEvent.builder("line one\nline two\r\nline three\rend").event("x").build(),
                ServerSentEvent.<String>builder().comment("two\nlines").build(),
                ServerSentEvent.builder("").build());

        String ours = String.join("", frames.stream().map(Frames::text).toList());

        assertThat(ours).isEqualTo(springWrites(frames));
        assertThat(Frames.text(Frames.keepalive())).isEqualTo(": keepalive\n\n");
    }

    private static String springWrites(List<ServerSentEvent<String>> frames) {
        MockServerHttpResponse response = new MockServerHttpResponse();
        new ServerSentEventHttpMessageWriter().write(Flux.fromIterable(frames),
                        ResolvableType.forClassWithGenerics(ServerSentEvent.class, String.class),
                        MediaType.TEXT_EVENT_STREAM, response, Map.of())
                .block(Duration.ofSeconds(5));
        return response.getBodyAsString().block(Duration.ofSeconds(5));
    }
}
