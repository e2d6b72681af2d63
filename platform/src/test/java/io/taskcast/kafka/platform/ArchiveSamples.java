package io.taskcast.kafka.platform;

import io.taskcast.kafka.schemas.AssignMode;
import io.taskcast.kafka.schemas.BlockedRequest;
import io.taskcast.kafka.schemas.DisconnectPolicy;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskError;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.json.Json;
import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * A task that uses every field, and its history in two batches: a latest series replaced across and
 * within batches, an accumulate series with its states, null data, and awkward JSON (unsorted keys,
 * floats, big numbers, unicode, nested arrays). Values are JSON parsed from text, as readers see them.
 */
public final class ArchiveSamples {

    public final Task running;
    public final Task completed;
    public final List<EventRecord> firstBatch;
    public final List<EventRecord> secondBatch;

    public ArchiveSamples(String taskId, long createdAt) {
        running = new Task(taskId, "llm.chat", TaskStatus.RUNNING, json("{\"z\":1,\"a\":{\"y\":[1,2.5,\"x\"],\"b\":false}}"),
                null, null, json("{\"owner\":\"ö✓\",\"n\":12345678901234}"), createdAt, createdAt + 10, null, 60,
                json("{\"rules\":[{\"match\":{\"scope\":[\"event:publish\"]},\"require\":{\"sub\":[\"u1\"]}}]}"),
                json("[{\"url\":\"https://example.com/h\",\"filter\":{\"types\":[\"llm.*\"]}}]"),
                json("{\"rules\":[{\"trigger\":{\"afterMs\":1000},\"target\":\"events\"}]}"), List.of("a", "b"),
                "waiting", createdAt + 999, new BlockedRequest("approval", json("{\"question\":\"ok?\"}")),
                AssignMode.WS_OFFER, 3, "worker-7", DisconnectPolicy.FAIL);
        completed = new Task(taskId, running.type(), TaskStatus.COMPLETED, running.params(), json("{\"answer\":42}"),
                new TaskError("E_PARTIAL", "partly", json("{\"tries\":2}")), running.metadata(), createdAt,
                createdAt + 100, createdAt + 100, running.ttl(), running.authConfig(), running.webhooks(),
                running.cleanup(), running.tags(), null, null, null);
        TaskEvent d1 = delta(taskId, createdAt, 2, "Hel");
        TaskEvent d2 = delta(taskId, createdAt, 5, "lo");
        firstBatch = List.of(
                plain(event(taskId, createdAt, 0, TaskEvent.STATUS_TYPE, "{\"status\":\"running\"}", null, null)),
                plain(event(taskId, createdAt, 1, "progress", "{\"pct\":10}", "progress", SeriesMode.LATEST)),
                new EventRecord(d1, state(d1, "Hel"), null),
                plain(new TaskEvent(id(taskId, 3), taskId, 3, createdAt + 3, "note", Level.DEBUG, null, null, null,
                        null, null)));
        secondBatch = List.of(
                new EventRecord(event(taskId, createdAt, 4, "progress", "{\"pct\":55.5}", "progress", SeriesMode.LATEST),
                        null, 1L),
                new EventRecord(d2, state(d2, "Hello"), null),
                plain(event(taskId, createdAt, 6, "odd", "{\"z\":[1,2.5,1.0E-7,null,true],\"a\":\"héllo ✓ \\u0000 nul\","
                        + "\"big\":98765432109876543,\"neg\":-0.5}", null, null)),
                new EventRecord(event(taskId, createdAt, 7, "progress", "{\"pct\":100}", "progress", SeriesMode.LATEST),
                        null, 4L),
                plain(event(taskId, createdAt, 8, TaskEvent.STATUS_TYPE, "{\"status\":\"completed\"}", null, null)));
    }

    private static EventRecord plain(TaskEvent event) {
        return EventRecord.plain(event);
    }

    private static TaskEvent event(String taskId, long createdAt, long index, String type, String data,
                                   String seriesId, SeriesMode mode) {
        return new TaskEvent(id(taskId, index), taskId, index, createdAt + index, type, Level.INFO, json(data), seriesId,
                mode, null, null);
    }

    private static TaskEvent delta(String taskId, long createdAt, long index, String text) {
        return new TaskEvent(id(taskId, index), taskId, index, createdAt + index, "llm.delta", Level.INFO,
                json("{\"delta\":\"" + text + "\"}"), "llm", SeriesMode.ACCUMULATE, "delta", null);
    }

    private static TaskEvent state(TaskEvent delta, String text) {
        return new TaskEvent(delta.id(), delta.taskId(), delta.index(), delta.timestamp(), delta.type(), delta.level(),
                json("{\"delta\":\"" + text + "\"}"), delta.seriesId(), delta.seriesMode(), delta.seriesAccField(), null);
    }

    private static String id(String taskId, long index) {
        return "evt-" + taskId + "-" + index;
    }

    private static JsonNode json(String text) {
        return Json.mapper().readTree(text);
    }
}
