package io.taskcast.kafka.gateway.stream;

import io.taskcast.kafka.schemas.EventRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The live records of one connection not yet sent: filled by the consumer thread from the moment
 * the stream registers (before its replay is read), drained by the HTTP response. Bounded: when a
 * client cannot keep up and the buffer is full, the live part ends at once, the connection closes
 * without {@code done}, and the client resumes with {@code Last-Event-ID}.
 */
final class LiveBuffer {

    private static final Logger log = LoggerFactory.getLogger(LiveBuffer.class);

    private final Sinks.Many<EventRecord> records;
    private final Sinks.One<Boolean> overflow = Sinks.one();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final String stream;
    private final int capacity;
    private final Consumer<EventRecord> dropped;

    public LiveBuffer(int capacity) {
        this(capacity, "a stream", record -> { });
    }

    /**
     * @param capacity at least this many records (rounded up to a power of two)
     * @param stream   names the stream in the log line written when it is closed for falling behind
     * @param dropped  told of the first record that did not fit, once, on the consumer thread; the
     *                 stream then closes, so later ones are the resuming client's, not dropped
     */
    public LiveBuffer(int capacity, String stream, Consumer<EventRecord> dropped) {
        this.dropped = dropped;
        this.records = Sinks.many().unicast().onBackpressureBuffer(Queues.<EventRecord>get(capacity).get());
        this.stream = stream;
        this.capacity = capacity;
    }

    /** Called by the consumer thread only; never blocks. */
    public void offer(EventRecord record) {
        // A full queue reports FAIL_OVERFLOW, or FAIL_ZERO_SUBSCRIBER while the replay is still being sent;
        // after cancel or overflow nothing is listening any more, so every failure may end the stream.
        Sinks.EmitResult result = records.tryEmitNext(record);
        if (result.isFailure() && overflowed.compareAndSet(false, true)) {
            overflow.tryEmitValue(Boolean.TRUE);
            if (result != Sinks.EmitResult.FAIL_CANCELLED && result != Sinks.EmitResult.FAIL_TERMINATED) {
                // Once per stream, so operators can tell slow clients from network trouble.
                log.info("Closing {}: its client fell more than {} events behind; it can resume with Last-Event-ID",
                        stream, capacity);
                dropped.accept(record);
            }
        }
    }

    /** The buffered and later records; completes when the buffer overflowed. Subscribe once. */
    public Flux<EventRecord> records() {
        return records.asFlux().takeUntilOther(overflow.asMono());
    }

    public boolean overflowed() {
        return overflowed.get();
    }
}
