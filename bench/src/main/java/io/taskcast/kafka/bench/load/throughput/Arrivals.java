package io.taskcast.kafka.bench.load.throughput;

import java.util.BitSet;

/**
 * Which sequence numbers of a run have arrived, so the run can prove that everything it sent
 * arrived exactly once: a repeat is counted as a duplicate, a number never sent as unexpected.
 */
public final class Arrivals {

    private final BitSet seen = new BitSet();
    private long arrived;
    private long duplicates;

    /** Records {@code seq}; true the first time it arrives, false for a repeat. */
    public synchronized boolean arrive(long seq) {
        if (seq < 0 || seq > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sequence number out of range: " + seq);
        }
        if (seen.get((int) seq)) {
            duplicates++;
            return false;
        }
        seen.set((int) seq);
        arrived++;
        return true;
    }

    /** Distinct sequence numbers arrived so far. */
    public synchronized long arrived() {
        return arrived;
    }

    public synchronized long duplicates() {
        return duplicates;
    }

    /**
     * What is wrong if exactly {@code 0 .. sent-1} were sent: the first missing number and how many
     * are missing, numbers that were never sent, duplicates; null when every one arrived once.
     */
    public synchronized String problem(long sent) {
        long missing = sent - seen.cardinality() + seen.get((int) Math.min(sent, Integer.MAX_VALUE), Integer.MAX_VALUE)
                .cardinality();
        int firstMissing = seen.nextClearBit(0);
        int unexpected = seen.get((int) Math.min(sent, Integer.MAX_VALUE), Integer.MAX_VALUE).cardinality();
        StringBuilder problem = new StringBuilder();
        if (missing > 0) {
            problem.append(missing).append(" of ").append(sent).append(" never arrived (first: #").append(firstMissing)
                    .append(')');
        }
        if (unexpected > 0) {
            problem.append(problem.length() == 0 ? "" : "; ").append(unexpected).append(" arrived that were never sent");
        }
        if (duplicates > 0) {
            problem.append(problem.length() == 0 ? "" : "; ").append(duplicates).append(" arrived twice");
        }
        return problem.length() == 0 ? null : problem.toString();
    }
}
