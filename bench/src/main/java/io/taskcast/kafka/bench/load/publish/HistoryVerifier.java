package io.taskcast.kafka.bench.load.publish;

import io.taskcast.kafka.bench.load.TaskcastHttp;
import tools.jackson.databind.JsonNode;

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
    private static final int HISTORY_PAGE = 10_000;

    private final TaskcastHttp http;

    HistoryVerifier(TaskcastHttp http) {
        this.http = http;
    }

    /** Problems found (empty when every task holds exactly its acknowledged events). */
    List<String> verify(Map<String, Long> acknowledgedByTask) throws IOException, InterruptedException {
        List<Optional<String>> perTask = new ArrayList<>();
        for (Map.Entry<String, Long> task : acknowledgedByTask.entrySet()) {
            awaitIndex(task.getKey(), task.getValue());
            perTask.add(HistoryCheck.problem(task.getKey(), history(task.getKey()), task.getValue()));
        }
        return HistoryCheck.problems(perTask, MAX_REPORTED);
    }

    /** Waits (bounded) until the history shows {@code index}; the check then tells if it never came. */
    private void awaitIndex(String taskId, long index) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (http.historyPage(taskId, index - 1, 1).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** The whole history of a task, read in pages. */
    private List<HistoryCheck.Entry> history(String taskId) throws IOException, InterruptedException {
        List<HistoryCheck.Entry> all = new ArrayList<>();
        while (true) {
            JsonNode events = http.historyPage(taskId, all.isEmpty() ? -1 : all.get(all.size() - 1).index(), HISTORY_PAGE);
            events.forEach(e -> all.add(new HistoryCheck.Entry(e.path("index").asLong(-1), e.path("type").asString(),
                    e.path("data").path("seq").asLong(-1))));
            if (events.size() < HISTORY_PAGE) {
                return all;
            }
        }
    }
}
