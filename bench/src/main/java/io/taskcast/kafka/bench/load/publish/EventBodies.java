package io.taskcast.kafka.bench.load.publish;

import java.util.Locale;

/**
 * Publish bodies of the load scenarios: events of about 200 bytes of JSON {@code data}, each with
 * a sequence number unique within its task, so the task's history can be checked for every event
 * exactly once whatever order concurrent requests were indexed in.
 */
public final class EventBodies {

    public static final String TYPE = "bench.load";

    /** Text filling the data to about 200 bytes, besides the sequence number. */
    private static final String FILLER = "x".repeat(150);

    private EventBodies() {
    }

    /** One event with sequence number {@code seq}. */
    public static String single(long seq) {
        return String.format(Locale.ROOT, "{\"type\":\"%s\",\"data\":{\"seq\":%d,\"text\":\"%s\",\"bench\":true}}",
                TYPE, seq, FILLER);
    }

    /** A JSON array of {@code count} events with sequence numbers {@code firstSeq} and on. */
    public static String batch(long firstSeq, int count) {
        StringBuilder body = new StringBuilder(count * 260).append('[');
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append(single(firstSeq + i));
        }
        return body.append(']').toString();
    }
}
