package io.taskcast.kafka.systemtests;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Follows one task's SSE stream as a browser's EventSource would: whenever the connection ends
 * without {@code done} (its server was killed), it connects again, to the first server in
 * {@code servers} at that moment, with {@code Last-Event-ID}. It records every event's
 * {@code rawIndex} across all connections and every {@code done} it receives.
 */
final class ResumingSubscriber extends Thread {

    private final String taskId;
    private final List<Http> servers;
    private final List<Long> rawIndexes = new CopyOnWriteArrayList<>();
    private final List<String> eventIds = new CopyOnWriteArrayList<>();
    private final List<String> doneReasons = new CopyOnWriteArrayList<>();
    private volatile String lastId;
    private volatile int connections;

    /** @param servers live servers, first one preferred; the test removes a server it is about to kill */
    ResumingSubscriber(String taskId, List<Http> servers) {
        super("resuming-subscriber-" + taskId);
        this.taskId = taskId;
        this.servers = servers;
        setDaemon(true);
    }

    @Override
    public void run() {
        while (doneReasons.isEmpty()) {
            String path = "/tasks/" + taskId + "/events";
            Http server = servers.get(0);
            try (SseClient sse = lastId == null ? SseClient.open(server, path)
                    : SseClient.open(server, path, "Last-Event-ID", lastId)) {
                connections++;
                follow(sse);
            } catch (InterruptedException e) {
                return;
            } catch (UncheckedIOException e) {
                // Could not connect (the server is down or restarting): try again shortly.
                if (!pause()) {
                    return;
                }
            }
        }
    }

    private void follow(SseClient sse) throws InterruptedException {
        int seen = 0;
        while (true) {
            boolean ended = sse.ended();
            List<SseClient.Frame> frames = sse.frames();
            for (; seen < frames.size(); seen++) {
                SseClient.Frame frame = frames.get(seen);
                if ("taskcast.event".equals(frame.event())) {
                    rawIndexes.add(frame.json().get("rawIndex").asLong());
                    eventIds.add(frame.id());
                    lastId = frame.id();
                } else if ("taskcast.done".equals(frame.event())) {
                    doneReasons.add(frame.json().get("reason").asString());
                }
            }
            if (ended) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(200);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String taskId() {
        return taskId;
    }

    /** The raw index of every event received, over all connections, in order of arrival. */
    List<Long> rawIndexes() {
        return rawIndexes;
    }

    /** The id of every event received, in the order of {@link #rawIndexes()}. */
    List<String> eventIds() {
        return eventIds;
    }

    /** The reason of the first {@code done}, or null while none came. */
    String done() {
        return doneReasons.isEmpty() ? null : doneReasons.get(0);
    }

    /** Every {@code done} received; more than one would be a bug. */
    List<String> doneReasons() {
        return doneReasons;
    }

    String lastId() {
        return lastId;
    }

    /** Streams opened; attempts that could not connect are not counted. */
    int connections() {
        return connections;
    }
}
