package io.taskcast.kafka.launcher.bench.load.publish;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The few Taskcast routes the publish scenarios use, over one JDK {@link HttpClient} speaking
 * HTTP/1.1, so that a client used by one thread at a time keeps one keep-alive connection.
 */
public final class TaskcastHttp {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int HISTORY_PAGE = 10_000;

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

    /** Creates a task of {@code type} and moves it to running; returns its id. */
    public String createRunningTask(String type) throws IOException, InterruptedException {
        HttpResponse<String> created = send(request("/tasks").POST(body("{\"type\":\"" + type + "\"}")));
        expect(created, 201, "POST /tasks");
        String id = JSON.readTree(created.body()).path("id").asString();
        HttpResponse<String> running = send(request("/tasks/" + id + "/status")
                .method("PATCH", body("{\"status\":\"running\"}")));
        expect(running, 200, "PATCH /tasks/" + id + "/status");
        return id;
    }

    /** A ready publish request for task {@code taskId}. */
    public HttpRequest publishRequest(String taskId, String json) {
        return request(eventsPath(taskId)).POST(body(json)).build();
    }

    /** Publishes; returns the status code, discarding the answer. */
    public int publish(String taskId, String json) throws IOException, InterruptedException {
        return client.send(publishRequest(taskId, json), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The whole history of a task, read in pages. */
    public List<HistoryCheck.Entry> history(String taskId) throws IOException, InterruptedException {
        List<HistoryCheck.Entry> all = new ArrayList<>();
        while (true) {
            String cursor = all.isEmpty() ? "" : "&since.index=" + all.get(all.size() - 1).index();
            HttpResponse<String> page = send(request(eventsPath(taskId) + "/history?limit=" + HISTORY_PAGE + cursor).GET());
            expect(page, 200, "GET history of " + taskId);
            JsonNode events = JSON.readTree(page.body());
            events.forEach(e -> all.add(new HistoryCheck.Entry(e.path("index").asLong(-1), e.path("type").asString(),
                    e.path("data").path("seq").asLong(-1))));
            if (events.size() < HISTORY_PAGE) {
                return all;
            }
        }
    }

    /** Whether the history of a task already holds index {@code index} (the Redis view lags the answer). */
    public boolean hasIndex(String taskId, long index) throws IOException, InterruptedException {
        HttpResponse<String> page = send(request(eventsPath(taskId) + "/history?limit=1&since.index=" + (index - 1)).GET());
        expect(page, 200, "GET history of " + taskId);
        return JSON.readTree(page.body()).size() > 0;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json");
    }

    private static String eventsPath(String taskId) {
        return "/tasks/" + taskId + "/events";
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json);
    }

    private static void expect(HttpResponse<String> response, int status, String what) throws IOException {
        if (response.statusCode() != status) {
            throw new IOException(what + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
