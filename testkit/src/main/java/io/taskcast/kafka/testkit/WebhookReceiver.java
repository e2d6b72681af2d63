package io.taskcast.kafka.testkit;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP receiver on 127.0.0.1 for webhooks, for the system tests and the benchmark. Each path
 * answers by a rule given the attempt number on that path (1, 2, …; 200 when no rule is set); a path
 * may also hang until released. Every request is recorded with its headers (lower-cased names),
 * exact body and arrival time, and handed to a listener as it arrives, before it is answered.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** {@code status} is what the path's rule answered; 0 = held open, then answered 200. */
    public record Received(String path, Map<String, String> headers, byte[] body, long at, int status) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final boolean keepRecords;
    private final Consumer<Received> listener;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, IntUnaryOperator> rules = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger hanging = new AtomicInteger();

    /** Records every request, on as many threads as requests come at once. */
    public WebhookReceiver() {
        this(Executors.newCachedThreadPool(), true, received -> {
        });
    }

    /**
     * For load: {@code threadCount} threads, each request handed to {@code listener} and not kept
     * ({@link #received} stays empty).
     */
    public WebhookReceiver(int threadCount, Consumer<Received> listener) {
        this(Executors.newFixedThreadPool(threadCount), false, listener);
    }

    private WebhookReceiver(ExecutorService threads, boolean keepRecords, Consumer<Received> listener) {
        this.threads = threads;
        this.keepRecords = keepRecords;
        this.listener = listener;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** {@code status} maps the attempt number on {@code path} to the status to answer; 0 = hang until closed. */
    public WebhookReceiver on(String path, IntUnaryOperator status) {
        rules.put(path, status);
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Requests received so far, on every path. */
    public int receivedCount() {
        return received.size();
    }

    /** Requests held open right now. */
    public int hanging() {
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
        Received request = new Received(path, Map.copyOf(headers), body, System.currentTimeMillis(), status);
        if (keepRecords) {
            received.add(request);
        }
        listener.accept(request);
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
        threads.shutdownNow();
    }
}
