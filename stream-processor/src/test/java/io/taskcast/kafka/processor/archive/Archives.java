package io.taskcast.kafka.processor.archive;

import io.taskcast.kafka.platform.postgres.ArchiveReads;
import io.taskcast.kafka.platform.redis.TaskHistory;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task's published records and what the archive must hold for them: the latest snapshot, every
 * event except replaced latest-series ones, and the last state of its accumulate series.
 */
record Archives(Task running, Task completed, List<EventRecord> records, TaskHistory expected) {

    /**
     * {@code events} events from index {@code from}: every third one a latest-series update replacing
     * the previous one, every third an accumulate delta, the rest plain.
     */
    static Archives of(String taskId, int from, int events) {
        long t0 = 1_700_000_000_000L;
        Task running = new Task(taskId, "job", TaskStatus.RUNNING, Json.mapper().readTree("{\"p\":1}"), null, null,
                null, t0, t0 + 1, null, null, null, null, null, List.of("x"), null, null, null);
        Task completed = new Task(taskId, "job", TaskStatus.COMPLETED, running.params(),
                Json.mapper().readTree("{\"ok\":true}"), null, null, t0, t0 + 2, t0 + 2, null, null, null, null,
                List.of("x"), null, null, null);
        List<EventRecord> records = new ArrayList<>();
        List<TaskEvent> history = new ArrayList<>();
        Long lastLatest = null;
        String text = "";
        TaskEvent state = null;
        for (int i = from; i < from + events; i++) {
            String id = "evt-" + taskId + "-" + i;
            if (i % 3 == 1) {
                TaskEvent e = new TaskEvent(id, taskId, i, t0 + i, "progress", Level.INFO,
                        Json.mapper().readTree("{\"pct\":" + i + "}"), "progress", SeriesMode.LATEST, null, null);
                records.add(new EventRecord(e, null, lastLatest));
                if (lastLatest != null) {
                    long replaced = lastLatest;
                    history.removeIf(h -> h.index() == replaced);
                }
                lastLatest = (long) i;
                history.add(e);
            } else if (i % 3 == 2) {
                TaskEvent e = new TaskEvent(id, taskId, i, t0 + i, "llm.delta", Level.INFO,
                        Json.mapper().readTree("{\"delta\":\"" + i + ",\"}"), "llm", SeriesMode.ACCUMULATE, "delta", null);
                text += i + ",";
                state = new TaskEvent(id, taskId, i, t0 + i, "llm.delta", Level.INFO,
                        Json.mapper().readTree("{\"delta\":\"" + text + "\"}"), "llm", SeriesMode.ACCUMULATE, "delta", null);
                records.add(new EventRecord(e, state, null));
                history.add(e);
            } else {
                TaskEvent e = new TaskEvent(id, taskId, i, t0 + i, "log", Level.WARN, null, null, null, null, null);
                records.add(EventRecord.plain(e));
                history.add(e);
            }
        }
        return new Archives(running, completed, List.copyOf(records),
                new TaskHistory(history, state == null ? Map.of() : Map.of("llm", state)));
    }

    /** What the archive holds for this task now. */
    Optional<Archived> read(ArchiveReads reads) {
        return reads.findTask(completed.id()).blockOptional()
                .map(task -> new Archived(task, reads.historyWithSeriesStates(completed.id()).block()));
    }

    Archived expectedArchive() {
        return new Archived(completed, expected);
    }

    record Archived(Task task, TaskHistory history) {
    }
}
