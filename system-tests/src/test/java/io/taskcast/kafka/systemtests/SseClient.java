package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.testkit.SseParser;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A real SSE client for tests: one HTTP connection, read line by line on a background thread and
 * parsed into frames as a browser's EventSource would (by {@link SseParser}, the benchmark's too); a
 * comment (the keep-alive) is a frame of its own.
 */
final class SseClient implements AutoCloseable {

    record Frame(String event, String id, String data, String comment) {
        JsonNode json() {
            return Json.mapper().readTree(data);
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int status;
    private final String contentType;
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final StringBuilder body = new StringBuilder();
    private final Stream<String> lines;
    private volatile boolean ended;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("content-type").orElse("");
        this.lines = response.body();
        Thread reader = new Thread(this::read, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to {@code path} of the app behind {@code http}; {@code headers} are name, value pairs. */
    static SseClient open(Http http, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.base() + path)).GET()
                .header("Accept", "text/event-stream");
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return new SseClient(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void read() {
        SseParser parser = new SseParser(
                frame -> frames.add(new Frame(frame.event(), frame.id(), frame.data(), null)),
                comment -> frames.add(new Frame(null, null, null, comment)));
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                synchronized (body) {
                    body.append(line).append('\n');
                }
                parser.line(line);
            }
        } catch (RuntimeException e) {
            // closed by the test: the stream ends here
        } finally {
            ended = true;
        }
    }

    int status() {
        return status;
    }

    String contentType() {
        return contentType;
    }

    String body() {
        synchronized (body) {
            return body.toString();
        }
    }

    /** Every frame so far, comments included. */
    List<Frame> frames() {
        return List.copyOf(frames);
    }

    /** The data of every {@code taskcast.event} frame so far. */
    List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        for (Frame frame : frames) {
            if ("taskcast.event".equals(frame.event())) {
                events.add(frame.json());
            }
        }
        return events;
    }

    /** The {@code reason} of the {@code taskcast.done} frame, or null. */
    String doneReason() {
        return frames.stream().filter(f -> "taskcast.done".equals(f.event())).findFirst()
                .map(f -> f.json().get("reason").asString()).orElse(null);
    }

    /** The server closed the connection (or the test did). */
    boolean ended() {
        return ended;
    }

    /**
     * Waits until the server ends the stream. On timeout it fails with what this client received and
     * {@code server}'s account of the stream (its subscriber count, say): a stream the server still
     * holds is the gateway's fault, one it let go is the client's or the network's.
     */
    void awaitEnded(Duration within, Supplier<String> server) {
        try {
            Awaitility.await().atMost(within).until(this::ended);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the stream has not ended after " + within + ": the client got " + received()
                    + "; the server says " + server.get(), e);
        }
    }

    /** The server's account of the stream of {@code taskId}: the task's status and subscriber count. */
    static Supplier<String> taskAccount(Http http, String taskId) {
        return () -> {
            Http.Response task = http.get("/tasks/" + taskId);
            return task.status() != 200 ? "GET /tasks/" + taskId + " answered " + task.status()
                    : "task " + task.json().path("status").asString() + " with subscriberCount "
                    + task.json().path("subscriberCount").asString();
        };
    }

    /** What came so far, in one line: frames, events, the last event's raw index, the last frame, done. */
    String received() {
        List<JsonNode> events = events();
        List<Frame> all = frames();
        String lastIndex = events.isEmpty() ? "none" : events.get(events.size() - 1).path("rawIndex").asString();
        String lastFrame = all.isEmpty() ? "none" : all.get(all.size() - 1).event() != null
                ? all.get(all.size() - 1).event() : ":" + all.get(all.size() - 1).comment();
        return all.size() + " frames, " + events.size() + " events (last rawIndex " + lastIndex + "), last frame "
                + lastFrame + ", done " + doneReason();
    }

    @Override
    public void close() {
        lines.close();
    }
}
