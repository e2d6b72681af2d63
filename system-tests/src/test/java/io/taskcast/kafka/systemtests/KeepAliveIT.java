package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request on a kept-alive HTTP/1.1 connection is answered, whatever came before it on that
 * connection: refusals (401) answered off the event loop, refusals answered on it, and requests
 * sent together in one write (pipelined). Before Reactor Netty 1.3.8 a request that arrived while
 * the previous response was still being finished off the event loop was queued, and when the queue
 * drained without dispatching anything the server stopped reading the connection: the next request
 * was never answered. Talks raw sockets so that no client library reconnects or retries for us.
 */
@ExtendWith(EmbeddedStackExtension.class)
class KeepAliveIT {

    @RegisterExtension
    static final SharedTaskcast JWT_MODE = AuthIT.JWT_MODE;

    private static final int READ_TIMEOUT_MS = 5_000;
    private static final List<String> REFUSED_ROUTES = List.of(
            "/tasks/keepalive-task", "/tasks", "/tasks/keepalive-task/events/history",
            "/tasks/keepalive-task/events", "/events");

    @Test
    void shouldAnswerEveryRequestThatFollowsARefusalOnTheSameConnection(Http http) throws IOException {
        // given 200 connections, each sending the five routes one after the other without a token
        List<String> unanswered = new ArrayList<>();
        int answered = 0;
        for (int round = 0; round < 200 && unanswered.isEmpty(); round++) {
            try (Connection connection = Connection.open(http)) {
                for (String path : REFUSED_ROUTES) {
                    // when each is sent only after the previous answer was read in full
                    connection.send(path);
                    Integer status = connection.readStatus();
                    if (status == null) {
                        unanswered.add("round " + round + ": " + path);
                        break;
                    }
                    // then each is refused, and answered
                    assertThat(status).as(path).isEqualTo(401);
                    answered++;
                }
            }
        }
        assertThat(unanswered).as("requests never answered after %d that were", answered).isEmpty();
    }

    @Test
    void shouldAnswerPipelinedRequestsAndTheOnesAfterThem(Http http) throws IOException {
        // given 100 connections, each writing a refused request and a health check in one write
        List<String> unanswered = new ArrayList<>();
        for (int round = 0; round < 100 && unanswered.isEmpty(); round++) {
            try (Connection connection = Connection.open(http)) {
                connection.send("/tasks/keepalive-task/events/history", "/health");
                // when both answers have been read and one more request follows on the connection
                List<Integer> statuses = new ArrayList<>();
                statuses.add(connection.readStatus());
                statuses.add(connection.readStatus());
                connection.send("/tasks");
                statuses.add(connection.readStatus());
                // then all three were answered, in order
                if (statuses.contains(null)) {
                    unanswered.add("round " + round + ": " + statuses);
                } else {
                    assertThat(statuses).containsExactly(401, 200, 401);
                }
            }
        }
        assertThat(unanswered).isEmpty();
    }

    /** One raw HTTP/1.1 connection that reads Content-Length and chunked answers. */
    private static final class Connection implements AutoCloseable {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream());
        }

        static Connection open(Http http) throws IOException {
            URI base = URI.create(http.base());
            Socket socket = new Socket(base.getHost(), base.getPort());
            socket.setSoTimeout(READ_TIMEOUT_MS);
            return new Connection(socket);
        }

        /** Writes a GET for each path, all in one write. */
        void send(String... paths) throws IOException {
            StringBuilder requests = new StringBuilder();
            for (String path : paths) {
                requests.append("GET ").append(path).append(" HTTP/1.1\r\nHost: localhost\r\n\r\n");
            }
            out.write(requests.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** The next answer's status, its body read and dropped; null when none came in time. */
        Integer readStatus() throws IOException {
            try {
                String statusLine = line();
                if (statusLine == null) {
                    return null;
                }
                int status = Integer.parseInt(statusLine.split(" ")[1]);
                long length = -1;
                boolean chunked = false;
                for (String header = line(); header != null && !header.isEmpty(); header = line()) {
                    String lower = header.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        length = Long.parseLong(lower.substring("content-length:".length()).trim());
                    } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                        chunked = true;
                    }
                }
                if (chunked) {
                    for (long size = chunkSize(); size > 0; size = chunkSize()) {
                        in.readNBytes((int) size);
                        line();
                    }
                    line();
                } else if (length > 0) {
                    in.readNBytes((int) length);
                }
                return status;
            } catch (SocketTimeoutException e) {
                return null;
            }
        }

        private long chunkSize() throws IOException {
            return Long.parseLong(line().trim(), 16);
        }

        private String line() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int b = in.read(); b != -1; b = in.read()) {
                if (b == '\n') {
                    String text = bytes.toString(StandardCharsets.US_ASCII);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                bytes.write(b);
            }
            return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
