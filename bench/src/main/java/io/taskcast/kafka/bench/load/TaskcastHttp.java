package io.taskcast.kafka.bench.load;

import io.taskcast.kafka.schemas.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The few Taskcast routes the load scenarios use (api.md §5), over one JDK {@link HttpClient}
 * speaking HTTP/1.1, so that a client used by one thread at a time keeps one keep-alive
 * connection. Every call but {@link #publish} checks its status code: an unexpected one is an
 * error, never a result.
 */
public final class TaskcastHttp {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final URI baseUrl;

    public TaskcastHttp(URI baseUrl) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.baseUrl = baseUrl;
    }

    public HttpClient client() {
        return client;
    }

    /** Ids {@code bench-<scenario>-<random>-<i>} for {@code count} tasks, unique per run so runs on a shared system keep apart. */
    public static List<String> benchIds(String scenario, int count) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add("bench-" + scenario + "-" + run + "-" + i);
        }
        return ids;
    }

    /** Creates a task of {@code type} and moves it to running; returns its id. */
    public String createRunningTask(String type) throws IOException, InterruptedException {
        String created = send(request("/tasks").POST(body(Json.mapper().createObjectNode().put("type", type))), 201);
        String id = Json.mapper().readTree(created).path("id").asString();
        transition(id, "running");
        return id;
    }

    /** Creates each task with the given id (and {@code webhooks.apply(id)} when not null) and moves it to running. */
    public void createRunning(List<String> ids, Function<String, JsonNode> webhooks)
            throws IOException, InterruptedException {
        for (String id : ids) {
            ObjectNode create = Json.mapper().createObjectNode().put("id", id).put("type", "bench");
            if (webhooks != null) {
                create.set("webhooks", webhooks.apply(id));
            }
            send(request("/tasks").POST(body(create)), 201);
            transition(id, "running");
        }
    }

    public void transition(String taskId, String status) throws IOException, InterruptedException {
        send(request("/tasks/" + taskId + "/status")
                .method("PATCH", body(Json.mapper().createObjectNode().put("status", status))), 200);
    }

    /** A ready publish request for task {@code taskId}. */
    public HttpRequest publishRequest(String taskId, String json) {
        return request(eventsPath(taskId)).POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** Publishes; returns the status code, discarding the answer (the caller counts what is not 201). */
    public int publish(String taskId, String json) throws IOException, InterruptedException {
        return client.send(publishRequest(taskId, json), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Publishes and expects 201. */
    public void publishOk(String taskId, String json) throws IOException, InterruptedException {
        HttpRequest request = publishRequest(taskId, json);
        expect(request, client.send(request, HttpResponse.BodyHandlers.ofString()), 201);
    }

    /** Publishes without waiting; completes when answered 201, exceptionally otherwise. */
    public CompletableFuture<Void> publishAsync(String taskId, String json) {
        HttpRequest request = publishRequest(taskId, json);
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
            try {
                expect(request, response, 201);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** Up to {@code limit} events of a task's history with index above {@code afterIndex} (-1: from the start). */
    public JsonNode historyPage(String taskId, long afterIndex, int limit) throws IOException, InterruptedException {
        String cursor = afterIndex < 0 ? "" : "&since.index=" + afterIndex;
        return Json.mapper().readTree(send(request(eventsPath(taskId) + "/history?limit=" + limit + cursor).GET(), 200));
    }

    private String send(HttpRequest.Builder builder, int expected) throws IOException, InterruptedException {
        HttpRequest request = builder.build();
        return expect(request, client.send(request, HttpResponse.BodyHandlers.ofString()), expected);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json");
    }

    private static String eventsPath(String taskId) {
        return "/tasks/" + taskId + "/events";
    }

    private static HttpRequest.BodyPublisher body(JsonNode json) {
        return HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(json));
    }

    private static String expect(HttpRequest request, HttpResponse<String> response, int expected) throws IOException {
        if (response.statusCode() != expected) {
            throw new IOException(request.method() + " " + request.uri() + " answered " + response.statusCode()
                    + " (expected " + expected + "): " + response.body());
        }
        return response.body();
    }
}
