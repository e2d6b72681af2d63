package io.taskcast.kafka.platform.replies;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Replies handed over in memory when the processor that answers a command runs in the process of
 * the ingest that waits for it (all roles in one process, as {@code taskcast dev} runs them). Such
 * a reply needs no record on {@code taskcast-command-results}, no trip through the broker and no
 * reply consumer. The processor hands a reply over at the moment it would have sent its record —
 * after the view holds the change (docs/fast-path.md) — so it means exactly what the record
 * would; a reply for a command no one here waits for goes to the topic as before.
 */
public final class LocalReplies {

    private final Map<String, Consumer<byte[]>> waiting = new ConcurrentHashMap<>();

    /**
     * Waits for the reply with {@code correlationId} (the bytes of the request's correlation header,
     * as text). {@code onReply} gets the reply record's value, once, on the processor's thread: it
     * must hand the work on, not do it.
     *
     * @return stops waiting; call it once the request is answered in any way
     */
    public Runnable await(String correlationId, Consumer<byte[]> onReply) {
        waiting.put(correlationId, onReply);
        return () -> waiting.remove(correlationId, onReply);
    }

    /** Hands {@code reply} to whoever here waits for {@code correlationId}; false when no one does (send it). */
    public boolean deliver(String correlationId, byte[] reply) {
        Consumer<byte[]> onReply = waiting.remove(correlationId);
        if (onReply == null) {
            return false;
        }
        onReply.accept(reply);
        return true;
    }

    /** Requests of this process waiting for a reply now. */
    public int waiting() {
        return waiting.size();
    }
}
