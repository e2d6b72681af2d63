package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.schemas.json.Json;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small real HTTP client for tests: JSON in, status and JSON out. */
final class Http {

    record Response(int status, String body) {
        JsonNode json() {
            return Json.mapper().readTree(body);
        }
    }

    private final HttpClient client;
    private final String base;
    private final String[] headers;

    Http(int port) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), "http://localhost:" + port);
    }

    private Http(HttpClient client, String base, String... headers) {
        this.client = client;
        this.base = base;
        this.headers = headers;
    }

    /** The server's base URL, e.g. {@code http://localhost:41234}. */
    String base() {
        return base;
    }

    /** The same client sending {@code name: value} with every request. */
    Http withHeader(String name, String value) {
        return new Http(client, base, name, value);
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response patch(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("content-type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private Response send(HttpRequest.Builder request) {
        try {
            if (headers.length > 0) {
                request.headers(headers);
            }
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
