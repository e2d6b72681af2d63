package io.taskcast.kafka.launcher.bench.load.throughput;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.taskcast.kafka.schemas.json.Json;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A webhook receiver on 127.0.0.1 for the benchmark: answers 204 at once and reports each new
 * delivery's stamp (from the envelope's {@code data}) to the loop. A repeated {@code webhook-id}
 * is a redelivery, allowed by at-least-once, and only counted.
 */
final class WebhookReceiver implements AutoCloseable {

    static final String PATH = "/bench-hook";

    private final HttpServer server;
    private final ExecutorService threads;
    private final ClosedLoop loop;
    private final Set<String> deliveryIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong redeliveries = new AtomicLong();

    WebhookReceiver(ClosedLoop loop, int threadCount) throws IOException {
        this.loop = loop;
        threads = Executors.newFixedThreadPool(threadCount);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(threads);
        server.createContext(PATH, this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** Deliveries whose {@code webhook-id} had been received before. */
    long redeliveries() {
        return redeliveries.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            JsonNode data = Json.mapper().readTree(bytes).get("data");
            exchange.sendResponseHeaders(204, -1);
            if (id == null || data == null || data.get(Stamp.SEQ_FIELD) == null) {
                loop.failed("a delivery without webhook-id or stamp: " + new String(bytes, StandardCharsets.UTF_8));
            } else if (deliveryIds.add(id)) {
                loop.arrived(data.get(Stamp.SEQ_FIELD).asLong(), data.get(Stamp.SENT_FIELD).asLong());
            } else {
                redeliveries.incrementAndGet();
            }
        } catch (RuntimeException e) {
            loop.failed("receiver: " + e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
