package io.taskcast.kafka.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests. Each path answers by a rule given the
 * attempt number on that path (1, 2, …); a path may also hang until released. Every request is
 * recorded with its headers (lower-cased names), exact body and arrival time.
 */
final class WebhookReceiver implements AutoCloseable {

    /** {@code status} is what the path's rule answered; 0 = held open, then answered 200. */
    record Received(String path, Map<String, String> headers, byte[] body, long at, int status) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, IntUnaryOperator> rules = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger hanging = new AtomicInteger();

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** {@code status} maps the attempt number on {@code path} to the status to answer; 0 = hang until closed. */
    WebhookReceiver on(String path, IntUnaryOperator status) {
        rules.put(path, status);
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Requests received so far, on every path. */
    int receivedCount() {
        return received.size();
    }

    /** Requests held open right now. */
    int hanging() {
        return hanging.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                String.join(",", values)));
        byte[] body = exchange.getRequestBody().readAllBytes();
        int attempt = attempts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        int status = rules.getOrDefault(path, n -> 200).applyAsInt(attempt);
        received.add(new Received(path, Map.copyOf(headers), body, System.currentTimeMillis(), status));
        if (status == 0) {
            hanging.incrementAndGet();
            try {
                release.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                hanging.decrementAndGet();
            }
            status = 200;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
