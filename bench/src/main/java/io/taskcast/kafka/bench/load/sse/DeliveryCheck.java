package io.taskcast.kafka.bench.load.sse;

/**
 * What one SSE subscriber must have seen: the bench events of its task numbered 0, 1, 2, … each
 * exactly once and in order, then {@code taskcast.done} with the expected reason, then the server
 * closing the stream. Keeps the first thing that went wrong. Fed from the connection's I/O thread,
 * read by the scenario's thread.
 */
public final class DeliveryCheck {

    private long next;
    private String doneReason;
    private boolean closed;
    private boolean connected;
    private String failure;

    /** Any frame arrived (the replayed status event is the first one). */
    public synchronized void onFrame() {
        connected = true;
    }

    public synchronized void onEvent(long seq) {
        if (doneReason != null || closed) {
            fail("event " + seq + " after the end of the stream");
        } else if (seq != next) {
            fail(seq < next ? "event " + seq + " again or out of order, after " + (next - 1)
                    : "events " + next + ".." + (seq - 1) + " missing before " + seq);
            next = Math.max(next, seq + 1);
        } else {
            next++;
        }
    }

    public synchronized void onDone(String reason) {
        if (doneReason != null) {
            fail("a second taskcast.done");
        }
        doneReason = reason;
    }

    public synchronized void onClosed() {
        closed = true;
    }

    public synchronized void onError(String message) {
        fail(message);
        closed = true;
    }

    public synchronized boolean connected() {
        return connected;
    }

    /** The stream ended, cleanly or not. */
    public synchronized boolean ended() {
        return closed;
    }

    /** The first thing that went wrong, or null. */
    public synchronized String failure() {
        return failure;
    }

    public synchronized long received() {
        return next;
    }

    /** Null when this subscriber got exactly {@code events} events, then done with {@code reason}, then the close. */
    public synchronized String verify(long events, String reason) {
        if (failure != null) {
            return failure;
        }
        if (next != events) {
            return "got " + next + " of " + events + " events";
        }
        if (doneReason == null) {
            return "no taskcast.done";
        }
        if (!doneReason.equals(reason)) {
            return "taskcast.done with reason " + doneReason + ", expected " + reason;
        }
        return closed ? null : "the server did not close the stream after taskcast.done";
    }

    private void fail(String message) {
        if (failure == null) {
            failure = message;
        }
    }
}
