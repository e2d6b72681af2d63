package io.taskcast.kafka.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** One webhook attempt against a real HTTP server on a free loopback port. */
class WebhookSenderTest {

    private static final byte[] BODY = "{\"type\":\"llm.delta\",\"data\":{\"text\":\"h\u00e9\"}}".getBytes(StandardCharsets.UTF_8);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Every request the server saw, as "METHOD /path". */
    private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private final BlockingQueue<HttpExchange> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> bodies = new LinkedBlockingQueue<>();
    private final CountDownLatch releaseSlowHandler = new CountDownLatch(1);
    private ExecutorService serverThreads;
    private HttpServer server;
    private final HttpClient client = WebhookSender.newHttpClient(Duration.ofSeconds(2));
    private final WebhookSender sender = new WebhookSender(client, new SsrfGuard(true, false));

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/ok", exchange -> {
            bodies.add(record(exchange));
            received.add(exchange);
            respond(exchange, 204);
        });
        server.createContext("/fail", exchange -> {
            record(exchange);
            respond(exchange, 500);
        });
        server.createContext("/moved", exchange -> {
            record(exchange);
            exchange.getResponseHeaders().add("Location", url("/ok").toString());
            respond(exchange, 302);
        });
        server.createContext("/slow", exchange -> {
            record(exchange);
            try {
                releaseSlowHandler.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200);
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        releaseSlowHandler.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void shouldPostTheExactBodyAndHeadersAndReportA2xxAsDelivered() throws InterruptedException {
        Map<String, String> headers = WebhookSigner.headers("s3cret", "msg_1", "llm.delta", 1_700_000_000L, BODY);

        DeliveryOutcome outcome = sender.send(url("/ok"), headers, BODY, TIMEOUT);

        assertThat(outcome.kind()).isEqualTo(DeliveryOutcome.Kind.DELIVERED);
        assertThat(outcome.success()).isTrue();
        assertThat(outcome.statusCode()).isEqualTo(204);
        assertThat(outcome.failure()).isNull();
        assertThat(outcome.duration()).isPositive();
        assertThat(requests).containsExactly("POST /ok");
        assertThat(bodies.take()).isEqualTo(BODY);
        HttpExchange exchange = received.take();
        headers.forEach((name, value) -> assertThat(exchange.getRequestHeaders().getFirst(name)).as(name).isEqualTo(value));
        assertThat(exchange.getProtocol()).isEqualTo("HTTP/1.1");
    }

    @Test
    void shouldReportA500AsAnHttpError() {
        DeliveryOutcome outcome = sender.send(url("/fail"), Map.of(), BODY, TIMEOUT);

        assertThat(outcome.kind()).isEqualTo(DeliveryOutcome.Kind.HTTP_ERROR);
        assertThat(outcome.success()).isFalse();
        assertThat(outcome.statusCode()).isEqualTo(500);
        assertThat(outcome.failure()).isEqualTo("HTTP 500");
    }

    @Test
    void shouldNotFollowARedirect() {
        DeliveryOutcome outcome = sender.send(url("/moved"), Map.of(), BODY, TIMEOUT);

        assertThat(outcome.kind()).isEqualTo(DeliveryOutcome.Kind.REDIRECT);
        assertThat(outcome.statusCode()).isEqualTo(302);
        assertThat(outcome.failure()).isEqualTo("redirect not followed (HTTP 302 to " + url("/ok") + ")");
        assertThat(requests).containsExactly("POST /moved");
    }

    @Test
    void shouldGiveUpWhenTheReceiverDoesNotAnswerWithinTheTimeout() {
        Duration timeout = Duration.ofMillis(300);

        DeliveryOutcome outcome = sender.send(url("/slow"), Map.of(), BODY, timeout);

        assertThat(outcome.kind()).isEqualTo(DeliveryOutcome.Kind.TIMEOUT);
        assertThat(outcome.statusCode()).isNull();
        assertThat(outcome.failure()).isEqualTo("no complete response within 300 ms");
        assertThat(outcome.duration()).isBetween(timeout, Duration.ofSeconds(3));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(requests).containsExactly("POST /slow"));
    }

    @Test
    void shouldRefuseLoopbackWithoutSendingWhenLoopbackIsNotAllowed() {
        WebhookSender strict = new WebhookSender(client, new SsrfGuard(false, false));

        DeliveryOutcome outcome = strict.send(url("/ok"), Map.of(), BODY, TIMEOUT);

        assertThat(outcome.kind()).isEqualTo(DeliveryOutcome.Kind.REFUSED);
        assertThat(outcome.statusCode()).isNull();
        assertThat(outcome.failure()).isEqualTo("webhook target 127.0.0.1 is a loopback address; "
                + "refused (set taskcast.webhooks.allow-loopback-targets=true to allow it)");
        assertThat(requests).isEmpty();
    }

    @Test
    void shouldReportAConnectionFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        DeliveryOutcome outcome = sender.send(URI.create("http://127.0.0.1:" + closedPort + "/"), Map.of(), BODY, TIMEOUT);

        assertThat(outcome.kind()).isEqualTo(DeliveryOutcome.Kind.CONNECTION_FAILED);
        assertThat(outcome.statusCode()).isNull();
        assertThat(outcome.failure()).startsWith("request failed: ConnectException");
    }

    @Test
    void shouldReuseOneClientForManyAttempts() {
        for (int i = 0; i < 5; i++) {
            assertThat(sender.send(url("/ok"), Map.of(), BODY, TIMEOUT).success()).isTrue();
        }
        assertThat(requests).hasSize(5);
    }

    @Test
    void shouldRefuseAClientThatFollowsRedirects() {
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

        assertThatThrownBy(() -> new WebhookSender(following, new SsrfGuard(true, true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not follow redirects");
    }

    private byte[] record(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        return exchange.getRequestBody().readAllBytes();
    }

    private static void respond(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }
}
