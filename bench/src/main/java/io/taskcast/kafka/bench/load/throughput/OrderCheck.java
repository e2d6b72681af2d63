package io.taskcast.kafka.bench.load.throughput;

import java.util.HashMap;
import java.util.Map;

/**
 * Checks that each task's events arrive in the order they were sent and with contiguous indexes:
 * per task, every sequence number is above the previous one and every index is the previous plus
 * one. Used from one thread.
 */
final class OrderCheck {

    private final Map<String, long[]> last = new HashMap<>();
    private long violations;
    private String first;

    void observe(String task, long seq, long index) {
        long[] previous = last.get(task);
        if (previous != null && (seq <= previous[0] || index != previous[1] + 1)) {
            violations++;
            if (first == null) {
                first = task + ": #" + seq + " at index " + index + " after #" + previous[0] + " at index " + previous[1];
            }
        }
        last.put(task, new long[]{seq, index});
    }

    /** What went wrong, or null. */
    String problem() {
        return violations == 0 ? null : violations + " events out of order or with an index gap (first: " + first + ")";
    }
}
