package io.taskcast.kafka.bench;

import io.taskcast.kafka.platform.redis.TaskHistory;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * The synthetic log the replay benchmark writes: {@code events} events spread evenly over
 * {@code tasks} tasks of an LLM agent (see {@link Slot}), with each task's created and completed
 * snapshots. {@code concurrency} tasks run at once, their events interleaved in the log as live
 * traffic would be. Deterministic for a given seed, so a check can regenerate any task.
 */
public final class BenchWorkload {

    private final String taskIdPrefix;
    private final long events;
    private final int tasks;
    private final int concurrency;
    private final long startMillis;
    private final long seed;

    public BenchWorkload(String taskIdPrefix, long events, int tasks, int concurrency, long startMillis, long seed) {
        if (tasks < 1) {
            throw new IllegalArgumentException("--tasks must be at least 1, got " + tasks);
        }
        if (events < 2L * tasks) {
            throw new IllegalArgumentException("--events must be at least twice --tasks (each task starts and completes),"
                    + " got " + events + " events for " + tasks + " tasks");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
        }
        this.taskIdPrefix = taskIdPrefix;
        this.events = events;
        this.tasks = tasks;
        this.concurrency = concurrency;
        this.startMillis = startMillis;
        this.seed = seed;
    }

    public long events() {
        return events;
    }

    public int tasks() {
        return tasks;
    }

    /** Every task id starts with this, so the bench's data can be found and removed. */
    public String taskIdPrefix() {
        return taskIdPrefix + "-task-";
    }

    public String taskId(int task) {
        return taskIdPrefix() + String.format("%06d", task);
    }

    /** Events of one task: an even share, the first {@code events % tasks} tasks one more. */
    public long eventCount(int task) {
        return events / tasks + (task < events % tasks ? 1 : 0);
    }

    /** The history a view should hold for the task after a replay, computed without generating it. */
    public long historyLength(int task) {
        return Slot.historyLength(eventCount(task));
    }

    TaskScript script(int task) {
        return new TaskScript(taskId(task), eventCount(task), createdAt(task), seed * 1_000_003L + task);
    }

    public Task created(int task) {
        return Task.created(taskId(task), "llm.agent", params(task), metadata(task), null, null, null, null,
                List.of("bench"), createdAt(task));
    }

    public Task completed(int task) {
        long count = eventCount(task);
        long done = TaskScript.timestamp(createdAt(task), count - 1);
        Task created = created(task);
        return new Task(created.id(), created.type(), TaskStatus.COMPLETED, created.params(), TaskScript.result(count),
                null, created.metadata(), created.createdAt(), done, done, null, null, null, null, created.tags(),
                null, null, null);
    }

    /**
     * What a view holds for the task once all its records are applied, folded the way the views
     * fold: a latest-series record removes the index it replaces, an accumulated state replaces its
     * series' state.
     */
    public TaskHistory expected(int task) {
        Map<Long, TaskEvent> history = new TreeMap<>();
        Map<String, TaskEvent> states = new TreeMap<>();
        TaskScript script = script(task);
        while (script.hasNext()) {
            EventRecord record = script.next();
            if (record.replacesIndex() != null) {
                history.remove(record.replacesIndex());
            }
            history.put(record.event().index(), record.event());
            if (record.accumulated() != null) {
                states.put(record.event().seriesId(), record.accumulated());
            }
        }
        return new TaskHistory(new ArrayList<>(history.values()), states);
    }

    /** The whole log in production order: snapshots and events of the running tasks, interleaved. */
    public Iterator<BenchRecord> records() {
        return new Interleaving();
    }

    private long createdAt(int task) {
        return startMillis + task;
    }

    private JsonNode params(int task) {
        ObjectNode params = Json.mapper().createObjectNode();
        params.put("prompt", "Research topic " + task + " and write a short report with sources");
        params.put("model", "bench-llm-7b");
        params.put("maxTokens", 2048);
        return params;
    }

    private static JsonNode metadata(int task) {
        return Json.mapper().createObjectNode().put("tenant", "tenant-" + task % 10).put("bench", true);
    }

    /** Round robin over at most {@code concurrency} running tasks; a finished task makes room for the next. */
    private final class Interleaving implements Iterator<BenchRecord> {
        private final Deque<BenchRecord> pending = new ArrayDeque<>();
        private final Deque<Running> running = new ArrayDeque<>();
        private int nextTask;

        Interleaving() {
            while (running.size() < concurrency && nextTask < tasks) {
                startNext();
            }
        }

        @Override
        public boolean hasNext() {
            return !pending.isEmpty() || !running.isEmpty();
        }

        @Override
        public BenchRecord next() {
            if (!pending.isEmpty()) {
                return pending.poll();
            }
            Running task = running.poll();
            if (task == null) {
                throw new NoSuchElementException("the workload is exhausted");
            }
            BenchRecord event = new BenchRecord.Event(task.script.next());
            if (task.script.hasNext()) {
                running.add(task);
            } else {
                pending.add(new BenchRecord.Snapshot(completed(task.number)));
                if (nextTask < tasks) {
                    startNext();
                }
            }
            return event;
        }

        private void startNext() {
            int number = nextTask++;
            pending.add(new BenchRecord.Snapshot(created(number)));
            running.add(new Running(number, script(number)));
        }
    }

    private record Running(int number, TaskScript script) {
    }
}
