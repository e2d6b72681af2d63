package io.taskcast.kafka.launcher.bench.load.publish;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads back the history of every task a scenario published to, once the views have caught up
 * with the last acknowledged event, and checks it with {@link HistoryCheck}.
 */
final class HistoryVerifier {

    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final int MAX_REPORTED = 5;

    private final TaskcastHttp http;

    HistoryVerifier(TaskcastHttp http) {
        this.http = http;
    }

    /** Problems found (empty when every task holds exactly its acknowledged events). */
    List<String> verify(Map<String, Long> acknowledgedByTask) throws IOException, InterruptedException {
        List<Optional<String>> perTask = new ArrayList<>();
        for (Map.Entry<String, Long> task : acknowledgedByTask.entrySet()) {
            awaitIndex(task.getKey(), task.getValue());
            perTask.add(HistoryCheck.problem(task.getKey(), http.history(task.getKey()), task.getValue()));
        }
        return HistoryCheck.problems(perTask, MAX_REPORTED);
    }

    /** Waits (bounded) until the history shows {@code index}; the check then tells if it never came. */
    private void awaitIndex(String taskId, long index) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (!http.hasIndex(taskId, index) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}
