package io.taskcast.kafka.launcher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A subscriber following one task's SSE stream on a thread of its own, as a browser's EventSource
 * would: whenever its connection ends before {@code taskcast.done} it reconnects, with
 * {@code Last-Event-ID}, to the first edge of {@code edges} (which the test may change), so a test
 * can check it saw every event once, in order, across gateway deaths and outages.
 */
final class SseFollower extends Thread {

    private final String taskId;
    private final List<Http> edges;
    private final List<Long> rawIndexes = new CopyOnWriteArrayList<>();
    private volatile String lastId;
    private volatile String done;
    private volatile int connections;

    SseFollower(String taskId, List<Http> edges) {
        super("sse-follower-" + taskId);
        this.taskId = taskId;
        this.edges = edges;
        setDaemon(true);
    }

    @Override
    public void run() {
        while (done == null) {
            String path = "/tasks/" + taskId + "/events";
            Http edge = edges.get(0);
            connections++;
            try (SseClient sse = lastId == null ? SseClient.open(edge, path)
                    : SseClient.open(edge, path, "Last-Event-ID", lastId)) {
                int seen = 0;
                while (true) {
                    boolean ended = sse.ended();
                    List<SseClient.Frame> frames = sse.frames();
                    for (; seen < frames.size(); seen++) {
                        SseClient.Frame frame = frames.get(seen);
                        if ("taskcast.event".equals(frame.event())) {
                            rawIndexes.add(frame.json().get("rawIndex").asLong());
                            lastId = frame.id();
                        }
                    }
                    if (ended) {
                        done = sse.doneReason();
                        break;
                    }
                    Thread.sleep(20);
                }
                if (done == null) {
                    // Ended without done (or refused with an error status): reconnect after a pause, as EventSource does.
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                return;
            } catch (java.io.UncheckedIOException e) {
                // Could not connect (the edge just died): try again on the next live one.
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    List<Long> rawIndexes() {
        return rawIndexes;
    }

    /** The id of the last event seen, which a reconnect sends as {@code Last-Event-ID}. */
    String lastId() {
        return lastId;
    }

    String done() {
        return done;
    }

    int connections() {
        return connections;
    }
}
