package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.FreePort;
import io.taskcast.kafka.testkit.ServerProcess;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 10,000 connections to a gateway (a process of its own, so its file descriptors and threads can
 * be counted), each dropped with a TCP reset rather than a goodbye: SSE streams on a task and on
 * the global stream cut after their first bytes, requests cut half-way, whole requests cut before
 * their answer, connections that never send anything. Afterwards the gateway holds no stream, no descriptor and no thread more than it
 * did before, the task's subscriber count is back to zero, and the gateway still serves.
 */
@ExtendWith({EmbeddedStackExtension.class, SharedTaskcast.class})
class AbruptConnectionsIT {

    private static final int CONNECTIONS = 10_000;
    private static final int WARM_UP = 400;
    private static final int CONCURRENCY = 64;
    /** Room for what a busy JVM opens and closes by itself (class files, a Kafka reconnect, epoll). */
    private static final int SPARE_DESCRIPTORS = 30;
    /**
     * Bounded pools may grow under the burst and shrink only after a minute idle (Reactor's
     * boundedElastic: up to ten threads per core), and the JIT adds compiler threads; a thread
     * kept per connection would show as thousands.
     */
    private static final int SPARE_THREADS = 24;
    private static final Pattern OPEN_STREAMS = Pattern.compile(
            "(?m)^taskcast_sse_streams_open\\{[^}]*kind=\"(task|global)\"[^}]*} ([0-9.E]+)$");

    private static TaskcastProcess gateway;
    private static Http gatewayHttp;
    private static int port;

    @BeforeAll
    static void start() {
        port = FreePort.next();
        gateway = TaskcastProcess.gateway(EmbeddedStackExtension.stack(), port, List.of("-Xmx256m"));
        gateway.awaitReady(Duration.ofSeconds(90));
        gatewayHttp = new Http(port);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void shouldLeakNothingWhenTenThousandConnectionsAreDroppedAbruptly(Http api) throws Exception {
        // given a running task with some history, and a gateway that has served a few hundred such connections
        String taskId = "abrupt-" + UUID.randomUUID();
        assertThat(api.post("/tasks", "{\"id\":\"" + taskId + "\"}").status()).isEqualTo(201);
        assertThat(api.patch("/tasks/" + taskId + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/tasks/" + taskId + "/events", "{\"type\":\"log\",\"data\":" + i + "}").status())
                    .isEqualTo(201);
        }
        assertThat(dropAll(taskId, WARM_UP)).isEqualTo(WARM_UP);
        awaitNoOpenStream(api, taskId);
        ServerProcess process = new ServerProcess(gateway.pid());
        long descriptorsBefore = process.openDescriptors();
        long threadsBefore = process.threads();

        // when 10,000 more connections are opened and reset
        int answered = dropAll(taskId, CONNECTIONS);

        // then every stream that was opened was answered, and once the resets are handled nothing is left over
        assertThat(answered).as("connections that got a response before they were reset").isEqualTo(CONNECTIONS);
        awaitNoOpenStream(api, taskId);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(process.openDescriptors()).as("open file descriptors")
                    .isLessThanOrEqualTo(descriptorsBefore + SPARE_DESCRIPTORS);
            assertThat(process.threads()).as("threads").isLessThanOrEqualTo(threadsBefore + SPARE_THREADS);
        });
        // and the gateway still serves the task's stream to the end
        assertThat(api.patch("/tasks/" + taskId + "/status", "{\"status\":\"completed\"}").status()).isEqualTo(200);
        Http.Response stream = gatewayHttp.get("/tasks/" + taskId + "/events");
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.body()).contains("event:taskcast.done");
        assertThat(Pattern.compile("(?m)^event:taskcast\\.event$").matcher(stream.body()).results().count())
                .isEqualTo(7);
    }

    /**
     * Opens {@code n} connections, {@link #CONCURRENCY} at a time, in five kinds by turn, and resets
     * each; returns how many got the response they waited for (the kinds that wait for none count as answered).
     */
    private static int dropAll(String taskId, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        AtomicInteger answered = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int kind = i % 5;
                done.add(pool.submit(() -> {
                    if (dropOne(taskId, kind)) {
                        answered.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return answered.get();
    }

    private static boolean dropOne(String taskId, int kind) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 10_000);
            socket.setSoTimeout(20_000);
            // SO_LINGER 0: close() sends a reset, as when a client's process or network dies
            socket.setSoLinger(true, 0);
            switch (kind) {
                case 0:
                    send(socket, "GET /tasks/" + taskId + "/events HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n");
                    return readUntil(socket.getInputStream(), "data:");
                case 1:
                    send(socket, "GET /events HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n");
                    return readUntil(socket.getInputStream(), "\r\n\r\n");
                case 2:
                    send(socket, "GET /tasks/" + taskId + "/ev");
                    return true;
                case 3:
                    // the whole request, then gone before the answer: the stream may be opening right then
                    send(socket, "GET /tasks/" + taskId + "/events HTTP/1.1\r\nHost: t\r\n\r\n");
                    return true;
                default:
                    return true;
            }
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Reads until {@code marker} arrives after a 200 status line; false if the server answered otherwise. */
    private static boolean readUntil(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (true) {
            int read = in.read(buffer);
            if (read < 0) {
                return false;
            }
            seen.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            if (seen.indexOf(marker) >= 0) {
                return seen.toString().startsWith("HTTP/1.1 200");
            }
        }
    }

    private static void awaitNoOpenStream(Http api, String taskId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String metrics = gatewayHttp.get("/actuator/prometheus").body();
            Matcher m = OPEN_STREAMS.matcher(metrics);
            int gauges = 0;
            while (m.find()) {
                gauges++;
                assertThat(Double.parseDouble(m.group(2))).as("open " + m.group(1) + " streams").isZero();
            }
            assertThat(gauges).as("taskcast_sse_streams_open gauges in\n" + metrics).isEqualTo(2);
            assertThat(api.get("/tasks/" + taskId).json().get("subscriberCount").asLong()).as("subscriberCount")
                    .isZero();
        });
    }
}
