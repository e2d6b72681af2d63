package io.taskcast.kafka.launcher.bench.load.sse;

import io.taskcast.kafka.schemas.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The few REST calls the SSE scenarios make (api.md §5), over the JDK client with HTTP/1.1
 * keep-alive. Every call checks its status code: an unexpected one is an error, never a result.
 */
public final class TaskcastHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public TaskcastHttp(URI base) {
        this.base = base;
    }

    /** Creates a task and moves it to {@code running}; returns its id. */
    public String createRunningTask() {
        String created = send(request("/tasks").POST(json("{\"type\":\"bench\"}")), 201);
        String id = Json.mapper().readTree(created).path("id").asString();
        transition(id, "running");
        return id;
    }

    public void transition(String taskId, String status) {
        send(request("/tasks/" + taskId + "/status").method("PATCH", json("{\"status\":\"" + status + "\"}")), 200);
    }

    /** Publishes event {@code seq} of the task, due at {@code dueEpochNanos}; completes when answered 201. */
    public CompletableFuture<Void> publishAsync(String taskId, long seq, long dueEpochNanos) {
        HttpRequest request = request("/tasks/" + taskId + "/events")
                .POST(json(BenchEvents.body(seq, dueEpochNanos))).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenAccept(response -> expect(request, response, 201));
    }

    public void publish(String taskId, long seq, long dueEpochNanos) {
        send(request("/tasks/" + taskId + "/events").POST(json(BenchEvents.body(seq, dueEpochNanos))), 201);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Content-Type", "application/json");
    }

    private static HttpRequest.BodyPublisher json(String body) {
        return HttpRequest.BodyPublishers.ofString(body);
    }

    private String send(HttpRequest.Builder builder, int expected) {
        HttpRequest request = builder.build();
        try {
            return expect(request, client.send(request, HttpResponse.BodyHandlers.ofString()), expected);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    private static String expect(HttpRequest request, HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + " (expected " + expected + "): " + response.body());
        }
        return response.body();
    }
}
