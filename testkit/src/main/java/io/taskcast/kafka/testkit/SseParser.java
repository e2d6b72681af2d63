package io.taskcast.kafka.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns the bytes of a {@code text/event-stream} body, in chunks cut anywhere (even inside a UTF-8
 * character), into frames the way an EventSource does: lines end with LF or CRLF, a blank line
 * ends a frame, {@code :} lines are comments (the keep-alive), handed to their own sink (or
 * dropped), several {@code data:} lines join with LF. Fed bytes (the benchmark's subscribers) or
 * whole lines (the tests' client). One parser per connection; not thread-safe.
 */
public final class SseParser {

    /** One dispatched frame; {@code event} and {@code id} are null when the frame had none. */
    public record Frame(String event, String id, String data) {
    }

    private final Consumer<Frame> sink;
    private final Consumer<String> comments;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    private String event;
    private String id;
    private StringBuilder data;

    public SseParser(Consumer<Frame> sink) {
        this(sink, comment -> {
        });
    }

    /** @param comments gets the text of each comment line, without the colon, trimmed */
    public SseParser(Consumer<Frame> sink, Consumer<String> comments) {
        this.sink = sink;
        this.comments = comments;
    }

    public void feed(byte[] chunk) {
        feed(chunk, 0, chunk.length);
    }

    public void feed(byte[] chunk, int offset, int length) {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (chunk[i] == '\n') {
                line.write(chunk, start, i - start);
                line(takeLine());
                start = i + 1;
            }
        }
        line.write(chunk, start, end - start);
    }

    private String takeLine() {
        byte[] bytes = line.toByteArray();
        line.reset();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** One line of the stream, without its line end. */
    public void line(String text) {
        if (text.isEmpty()) {
            dispatch();
        } else if (text.charAt(0) == ':') {
            comments.accept(text.substring(1).trim());
        } else {
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            field(field, value);
        }
    }

    private void field(String field, String value) {
        switch (field) {
            case "event" -> event = value;
            case "id" -> id = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> {
                // retry and unknown fields do not matter to the benchmark
            }
        }
    }

    private void dispatch() {
        if (data != null) {
            sink.accept(new Frame(event, id, data.toString()));
        }
        event = null;
        id = null;
        data = null;
    }
}
