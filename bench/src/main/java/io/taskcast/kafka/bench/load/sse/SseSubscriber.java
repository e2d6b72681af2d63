package io.taskcast.kafka.bench.load.sse;

import io.taskcast.kafka.testkit.SseParser;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One SSE connection of a scenario, on Reactor Netty's event loop (thousands of them need no
 * thread each): parses frames, feeds its {@link DeliveryCheck} and records each bench event's
 * delay from its due time to the arrival of the bytes that carried it.
 */
public final class SseSubscriber {

    private final DeliveryCheck check = new DeliveryCheck();
    private final SseParser parser = new SseParser(this::onFrame);
    private final MeasureWindow window;
    private final AtomicBoolean settled = new AtomicBoolean();
    private Runnable onSettled = () -> { };
    private long chunkNanos;
    private Disposable connection;

    public SseSubscriber(MeasureWindow window) {
        this.window = window;
    }

    /** A client that opens a new connection per stream (a pool would cap and queue long-lived streams). */
    public static HttpClient client(URI base) {
        return HttpClient.newConnection().baseUrl(base.toString())
                .headers(h -> h.set("Accept", "text/event-stream"));
    }

    /**
     * Opens {@code GET path}; {@code onSettled} runs once, on the first frame (the connection is
     * up and replaying) or when the connection fails or ends before one.
     */
    public void open(HttpClient client, String path, Runnable onSettled) {
        this.onSettled = onSettled;
        connection = client.get().uri(path)
                .response((response, body) -> response.status().code() == 200 ? body.asByteArray()
                        : Flux.<byte[]>error(new IllegalStateException("GET " + path + " answered " + response.status())))
                .subscribe(this::onChunk, this::onError, this::onComplete);
    }

    public DeliveryCheck check() {
        return check;
    }

    public void close() {
        if (connection != null) {
            connection.dispose();
        }
    }

    private void onChunk(byte[] chunk) {
        chunkNanos = System.nanoTime();
        try {
            parser.feed(chunk);
        } catch (RuntimeException e) {
            check.onError("unreadable frame: " + e.getMessage());
        }
    }

    private void onFrame(SseParser.Frame frame) {
        check.onFrame();
        settle();
        if ("taskcast.event".equals(frame.event())) {
            BenchEvents.Tick tick = BenchEvents.read(frame.data());
            if (tick != null) {
                check.onEvent(tick.seq());
                window.received(tick.dueEpochNanos(), chunkNanos);
            }
        } else if ("taskcast.done".equals(frame.event())) {
            check.onDone(BenchEvents.doneReason(frame.data()));
        }
    }

    private void onError(Throwable error) {
        check.onError("connection failed: " + error);
        settle();
    }

    private void onComplete() {
        check.onClosed();
        settle();
    }

    private void settle() {
        if (settled.compareAndSet(false, true)) {
            onSettled.run();
        }
    }
}
