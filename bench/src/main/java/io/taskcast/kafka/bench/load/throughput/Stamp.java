package io.taskcast.kafka.bench.load.throughput;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A message's sequence number and send time ({@link System#nanoTime()}, comparable between
 * processes on one Linux machine), carried in the message itself: as the first 16 bytes of a
 * padded binary record, or as the fields {@code seq} and {@code sentNanos} of an event's data.
 */
public record Stamp(long seq, long sentNanos) {

    public static final String SEQ_FIELD = "seq";
    public static final String SENT_FIELD = "sentNanos";

    /** A binary record of {@code size} bytes (at least 16) starting with this stamp. */
    public byte[] toRecord(int size) {
        if (size < 16) {
            throw new IllegalArgumentException("a stamped record needs at least 16 bytes, got " + size);
        }
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, 16, size, (byte) 'x');
        ByteBuffer.wrap(bytes).putLong(seq).putLong(sentNanos);
        return bytes;
    }

    public static Stamp ofRecord(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new Stamp(buffer.getLong(), buffer.getLong());
    }
}
