package io.taskcast.kafka.launcher.bench.load.throughput;

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
import java.util.function.Function;

/** The tasks a scenario publishes to, created and set running over HTTP before the run. */
final class BenchTasks {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private BenchTasks() {
    }

    /** Ids {@code bench-<random>-<i>} for {@code count} tasks, unique per run so a shared system keeps apart. */
    static List<String> ids(String scenario, int count) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add("bench-" + scenario + "-" + run + "-" + i);
        }
        return ids;
    }

    /** Creates each task (with {@code webhooks.apply(id)} when not null) and moves it to running. */
    static void createRunning(HttpClient http, URI baseUrl, List<String> ids, Function<String, JsonNode> webhooks)
            throws IOException, InterruptedException {
        for (String id : ids) {
            ObjectNode create = Json.mapper().createObjectNode().put("id", id).put("type", "bench");
            if (webhooks != null) {
                create.set("webhooks", webhooks.apply(id));
            }
            expect(http, HttpRequest.newBuilder(baseUrl.resolve("/tasks")), "POST", create, 201);
            expect(http, HttpRequest.newBuilder(baseUrl.resolve("/tasks/" + id + "/status")), "PATCH",
                    Json.mapper().createObjectNode().put("status", "running"), 200);
        }
    }

    private static void expect(HttpClient http, HttpRequest.Builder request, String method, JsonNode body, int status)
            throws IOException, InterruptedException {
        HttpRequest built = request.timeout(TIMEOUT).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(body))).build();
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            throw new IllegalStateException(method + " " + built.uri() + " answered " + response.statusCode()
                    + ", expected " + status + ": " + response.body());
        }
    }
}
