package io.taskcast.kafka.bench.load.publish;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Whether a task's history holds exactly what a scenario acknowledged: its running status event
 * at index 0, then one event per acknowledged publish with indexes contiguous from 1, and the
 * sequence numbers {@code 0..acknowledged-1} each exactly once (in any order).
 */
public final class HistoryCheck {

    /** One history event as far as the check needs it; {@code seq} is -1 when the event has none. */
    public record Entry(long index, String type, long seq) {
    }

    private HistoryCheck() {
    }

    /** The first problem found in {@code history} of task {@code taskId}, if any. */
    public static Optional<String> problem(String taskId, List<Entry> history, long acknowledged) {
        if (history.size() != acknowledged + 1) {
            return Optional.of(String.format("task %s: history has %d events, expected 1 + %d acknowledged",
                    taskId, history.size(), acknowledged));
        }
        if (!"taskcast:status".equals(history.get(0).type())) {
            return Optional.of("task " + taskId + ": event 0 is " + history.get(0).type() + ", not the status event");
        }
        BitSet seen = new BitSet();
        for (int i = 0; i < history.size(); i++) {
            Entry entry = history.get(i);
            if (entry.index() != i) {
                return Optional.of(String.format("task %s: index %d at position %d (not contiguous)",
                        taskId, entry.index(), i));
            }
            if (i > 0) {
                Optional<String> wrong = seqProblem(taskId, entry, acknowledged, seen);
                if (wrong.isPresent()) {
                    return wrong;
                }
            }
        }
        return Optional.empty();
    }

    /** Problems of several tasks, at most {@code max} of them. */
    public static List<String> problems(List<Optional<String>> perTask, int max) {
        List<String> found = new ArrayList<>();
        perTask.forEach(p -> p.filter(x -> found.size() < max).ifPresent(found::add));
        return found;
    }

    private static Optional<String> seqProblem(String taskId, Entry entry, long acknowledged, BitSet seen) {
        if (!EventBodies.TYPE.equals(entry.type()) || entry.seq() < 0 || entry.seq() >= acknowledged) {
            return Optional.of(String.format("task %s: unexpected event at index %d (type %s, seq %d)",
                    taskId, entry.index(), entry.type(), entry.seq()));
        }
        if (seen.get((int) entry.seq())) {
            return Optional.of(String.format("task %s: seq %d twice (again at index %d)", taskId, entry.seq(),
                    entry.index()));
        }
        seen.set((int) entry.seq());
        return Optional.empty();
    }
}
