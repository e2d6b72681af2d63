package io.taskcast.kafka.gateway.stream;

import io.taskcast.kafka.schemas.SseEnvelope;
import io.taskcast.kafka.schemas.json.Json;
import org.springframework.http.codec.ServerSentEvent;

import java.util.Map;

/** The SSE frames of api.md §6; data is JSON already serialised with the system's one mapper. */
public final class Frames {

    public static final String EVENT = "taskcast.event";
    public static final String DONE = "taskcast.done";

    private Frames() {
    }

    public static ServerSentEvent<String> event(Numbered numbered, boolean wrap) {
        Object body = wrap ? SseEnvelope.wrap(numbered.event(), numbered.filteredIndex()) : numbered.event();
        return ServerSentEvent.builder(Json.toString(body)).event(EVENT).id(numbered.event().id()).build();
    }

    public static ServerSentEvent<String> done(String reason) {
        return ServerSentEvent.builder(Json.toString(Map.of("reason", reason))).event(DONE).build();
    }

    /** Written as {@code : keepalive}. */
    public static ServerSentEvent<String> keepalive() {
        return ServerSentEvent.<String>builder().comment(" keepalive").build();
    }

    /**
     * The frame as it goes on the wire, byte for byte what Spring's {@code ServerSentEventHttpMessageWriter}
     * writes: the fields, then each line of the data as a {@code data:} line, then a blank line.
     */
    public static String text(ServerSentEvent<String> frame) {
        String data = frame.data();
        if (data == null) {
            return frame.format() + "\n";
        }
        // \r\n, \r and \n each end a line, as in Spring's writer.
        return frame.format() + data.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\ndata:") + "\n\n";
    }
}
