package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.FreePort;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading is closed instead of growing the gateway's memory (issue 5): a
 * gateway process with {@code max-buffered=50} serves a stream whose client reads only the response
 * headers while 3,000 events of 2 KB are published. The gateway ends that stream without
 * {@code done} and, as the client takes nothing more within {@code slow-client-grace}, closes its
 * connection and gives back its subscriber count while the client still reads nothing. It keeps
 * serving, and the client resumes with {@code Last-Event-ID} without loss.
 */
@ExtendWith({EmbeddedStackExtension.class, SharedTaskcast.class})
class SseSlowConsumerIT {

    private static final int MAX_BUFFERED = 50;
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final int EVENTS = 3_000;
    private static final int BATCH = 20;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Http ingest;
    private static Http gateway;
    private static TaskcastProcess process;

    @BeforeAll
    static void start(Http http) {
        ingest = http;
        int port = FreePort.next();
        process = TaskcastProcess.gateway(EmbeddedStackExtension.stack(), port,
                List.of("-Xmx256m", "-Dtaskcast.gateway.max-buffered=" + MAX_BUFFERED,
                        "-Dtaskcast.gateway.slow-client-grace=" + GRACE.toSeconds() + "s"));
        process.awaitReady(Duration.ofSeconds(90));
        gateway = new Http(port);
    }

    @AfterAll
    static void stop() {
        if (process != null) {
            process.close();
        }
    }

    @Test
    void shouldCloseAClientThatStopsReadingAndLetItResumeWithLastEventId() throws Exception {
        // given: a running task and a client that reads the response headers, then nothing
        String id = runningTask("sse-slow-");
        try (Socket slow = openStalledStream(id, "Connection: close\r\n")) {
            long heapBefore = process.heapUsedAfterGcKib();

            // when: far more than the buffer (and the socket buffers) holds is published
            publishAll(id);

            // then: the gateway gives up on the stream ...
            await().atMost(WAIT).until(() -> logged(process.stdout(), "Closing the stream of task " + id));
            // ... closes the connection of a client that takes nothing more, and lets go of the stream
            await().atMost(WAIT).until(() -> logged(process.stdout(), "Closing the connection of the stream of task " + id));
            await().atMost(WAIT).until(() -> subscriberCount(id) == 0);
            // ... and keeps nothing of it: the heap after GC has not grown by what was published (~6 MB)
            long growthKib = process.heapUsedAfterGcKib() - heapBefore;
            System.out.printf("SseSlowConsumerIT: heap after GC grew by %d KiB while %d KiB were published%n",
                    growthKib, EVENTS * 2L);
            assertThat(growthKib).isLessThan(EVENTS * 2L);
            // ... and, once the client reads again, it gets what reached its socket and then the end of the
            // connection; the close may cut the last frame, which an SSE client drops
            String body = completeFrames(readToEnd(slow));
            List<Long> received = rawIndexes(body);
            long lastReceived = received.isEmpty() ? -1 : received.get(received.size() - 1);
            System.out.printf("SseSlowConsumerIT: the stalled client got %d of %d events before the close%n",
                    received.size(), EVENTS);
            assertThat(body).doesNotContain("taskcast.done");
            assertThat(received).isNotEmpty().hasSizeLessThan(EVENTS);
            assertThat(received).isEqualTo(LongStream.rangeClosed(0, lastReceived).boxed().toList());
            assertThat(process.isAlive()).isTrue();

            // and the client resumes on the same gateway with exactly the events it missed
            String lastId = lastEventId(body);
            assertThat(ingest.patch("/tasks/" + id + "/status", "{\"status\":\"completed\"}").status()).isEqualTo(200);
            try (SseClient resumed = SseClient.open(gateway, "/tasks/" + id + "/events", "Last-Event-ID", lastId)) {
                await().atMost(WAIT).until(resumed::ended);
                assertThat(resumed.events()).extracting(e -> e.get("rawIndex").asLong())
                        .isEqualTo(LongStream.rangeClosed(lastReceived + 1, EVENTS + 1).boxed().toList());
                assertThat(resumed.doneReason()).isEqualTo("completed");
            }
        }
    }

    @Test
    void shouldLeaveAKeptAliveConnectionOpenWhenItsClientTookTheRestWithinTheGrace() throws Exception {
        // given: a running task and a client on a kept-alive connection that reads the headers, then nothing
        String id = runningTask("sse-slow-kept-");
        try (Socket client = openStalledStream(id, "")) {

            // when: it falls behind, then at once takes what was on its way, to the end of the response
            publishAll(id);
            await().atMost(WAIT).until(() -> logged(process.stdout(), "Closing the stream of task " + id));
            long fellBehind = System.nanoTime();
            InputStream in = new java.io.BufferedInputStream(client.getInputStream(), 64 * 1024);
            readToLastChunk(in);
            assertThat(Duration.ofNanos(System.nanoTime() - fellBehind)).as("read within the grace").isLessThan(GRACE);

            // then: once the grace is over the connection is still open and serves the client's next request
            Thread.sleep(GRACE.plusSeconds(1).toMillis());
            assertThat(logged(process.stdout(), "Closing the connection of the stream of task " + id)).isFalse();
            client.getOutputStream().write("GET /actuator/health/liveness HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readHeaders(in)).startsWith("HTTP/1.1 200");
            await().atMost(WAIT).until(() -> subscriberCount(id) == 0);
        }
    }

    private static String runningTask(String prefix) {
        String id = prefix + UUID.randomUUID();
        assertThat(ingest.post("/tasks", "{\"id\":\"" + id + "\"}").status()).isEqualTo(201);
        assertThat(ingest.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
        return id;
    }

    /** {@link #EVENTS} events of 2 KB, far more than the buffer and the socket buffers hold. */
    private static void publishAll(String id) {
        String payload = "x".repeat(2_000);
        for (int sent = 0; sent < EVENTS; sent += BATCH) {
            Http.Response response = ingest.post("/tasks/" + id + "/events", batch(sent, payload));
            assertThat(response.status()).as(response.body()).isEqualTo(201);
        }
    }

    /** Reads the chunked body up to and including its last, empty chunk. */
    private static void readToLastChunk(InputStream in) throws IOException {
        byte[] end = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = new byte[end.length];
        int b;
        while ((b = in.read()) >= 0) {
            System.arraycopy(tail, 1, tail, 0, tail.length - 1);
            tail[tail.length - 1] = (byte) b;
            if (java.util.Arrays.equals(tail, end)) {
                return;
            }
        }
        throw new IOException("the connection closed before the response ended");
    }

    /**
     * A raw connection with a small receive window: it sends the request (with {@code extraHeaders}),
     * reads the response headers and stops, once the gateway counts it as the task's subscriber.
     */
    private static Socket openStalledStream(String id, String extraHeaders) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("localhost", port(gateway)), 5_000);
        socket.setSoTimeout((int) WAIT.toMillis());
        String request = "GET /tasks/" + id + "/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                + extraHeaders + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        String headers = readHeaders(socket.getInputStream());
        assertThat(headers).startsWith("HTTP/1.1 200");
        await().atMost(WAIT).until(() -> subscriberCount(id) == 1);
        return socket;
    }

    /** Reads byte by byte up to the blank line, so nothing of the body is consumed. */
    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the headers: " + headers);
            }
            headers.append((char) b);
        }
        return headers.toString();
    }

    /** Everything until the server closes the connection, with the chunked framing removed. */
    private static String readToEnd(Socket socket) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        socket.getInputStream().transferTo(raw);
        return dechunk(raw.toString(StandardCharsets.UTF_8));
    }

    /** The chunks' content; a chunk cut by the close counts with what arrived of it. */
    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            int end = Math.min(chunked.length(), lineEnd + 2 + size);
            body.append(chunked, lineEnd + 2, end);
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }

    /** Up to the last blank line: frames after it were cut by the close. */
    private static String completeFrames(String body) {
        return body.substring(0, body.lastIndexOf("\n\n") + 2);
    }

    private static List<Long> rawIndexes(String body) {
        List<Long> indexes = new ArrayList<>();
        body.lines().filter(line -> line.startsWith("data:") && line.contains("\"rawIndex\""))
                .forEach(line -> indexes.add(Json.mapper().readTree(line.substring(5)).get("rawIndex").asLong()));
        return indexes;
    }

    private static String lastEventId(String body) {
        return body.lines().filter(line -> line.startsWith("id:")).reduce((a, b) -> b).orElseThrow().substring(3).trim();
    }

    private static boolean logged(List<String> output, String text) {
        return output.stream().anyMatch(line -> line.contains(text));
    }

    private static long subscriberCount(String id) {
        return ingest.get("/tasks/" + id).json().get("subscriberCount").asLong();
    }

    private static int port(Http http) {
        return Integer.parseInt(http.base().substring(http.base().lastIndexOf(':') + 1));
    }

    private static String batch(int from, String payload) {
        StringBuilder body = new StringBuilder("[");
        for (int i = from; i < from + BATCH; i++) {
            body.append(i == from ? "" : ",").append("{\"type\":\"big\",\"data\":{\"n\":").append(i)
                    .append(",\"text\":\"").append(payload).append("\"}}");
        }
        return body.append(']').toString();
    }
}
