package io.taskcast.kafka.bench;

import com.github.f4b6a3.ulid.Ulid;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The event records of one bench task, in index order, as the processor would have written them:
 * accumulate-series records carry the running text in {@code accumulated}, latest-series records
 * name the index they replace. Content comes from a seeded random, so a script replays identically.
 */
final class TaskScript implements Iterator<EventRecord> {

    static final String PROGRESS_SERIES = "progress";
    private static final String MODEL = "bench-llm-7b";
    private static final String[] WORDS = {" the", " stream", " of", " tokens", " keeps", " flowing", " while",
            " agents", " call", " tools", " and", " report", " progress", " to", " every", " subscriber", " in",
            " order", ",", "."};
    private static final String[] STAGES = {"planning", "searching", "reading", "drafting", "reviewing"};
    private static final String[] TOOLS = {"web.search", "code.run", "docs.fetch"};

    private final String taskId;
    private final long count;
    private final long createdAt;
    private final SplittableRandom random;
    private long next;
    private String message = "";
    private Long lastProgress;

    TaskScript(String taskId, long count, long createdAt, long seed) {
        this.taskId = taskId;
        this.count = count;
        this.createdAt = createdAt;
        this.random = new SplittableRandom(seed);
    }

    /** The task's result, also carried by its completed status event. */
    static JsonNode result(long count) {
        ObjectNode result = Json.mapper().createObjectNode();
        result.put("messages", Slot.cycle(Math.max(1, count - 2)) + 1);
        result.put("model", MODEL);
        result.put("summary", "bench task finished");
        return result;
    }

    /** The timestamp of the event at {@code index}; the last one is the task's completion time. */
    static long timestamp(long createdAt, long index) {
        return createdAt + 1 + index;
    }

    @Override
    public boolean hasNext() {
        return next < count;
    }

    @Override
    public EventRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException(taskId + " has " + count + " events");
        }
        long index = next++;
        return switch (Slot.of(index, count)) {
            case STARTED -> EventRecord.plain(event(index, TaskEvent.STATUS_TYPE, Level.INFO, status("running"),
                    null, null));
            case FINISHED -> EventRecord.plain(event(index, TaskEvent.STATUS_TYPE, Level.INFO,
                    status("completed").set("result", result(count)), null, null));
            case DELTA -> delta(index);
            case PROGRESS -> progress(index);
            case TOOL -> EventRecord.plain(tool(index));
        };
    }

    private EventRecord delta(long index) {
        String seriesId = "msg-" + Slot.cycle(index);
        String text = WORDS[random.nextInt(WORDS.length)] + WORDS[random.nextInt(WORDS.length)];
        ObjectNode data = Json.mapper().createObjectNode();
        data.put("delta", text);
        data.put("model", MODEL);
        data.put("messageId", seriesId);
        data.put("token", Slot.positionInCycle(index));
        data.put("logprob", -random.nextInt(100_000) / 10_000.0);
        data.set("usage", Json.mapper().createObjectNode().put("promptTokens", 812).put("completionTokens", index));
        data.set("trace", trace());
        TaskEvent event = event(index, "llm.delta", Level.INFO, data, seriesId, SeriesMode.ACCUMULATE);
        message = Slot.positionInCycle(index) == 0 ? text : message + text;
        ObjectNode state = data.deepCopy();
        state.put("delta", message);
        TaskEvent accumulated = new TaskEvent(event.id(), taskId, index, event.timestamp(), event.type(),
                event.level(), state, seriesId, SeriesMode.ACCUMULATE, null, null);
        return new EventRecord(event, accumulated, null);
    }

    private EventRecord progress(long index) {
        ObjectNode data = Json.mapper().createObjectNode();
        int percent = (int) (100 * index / count);
        data.put("percent", percent);
        data.put("stage", STAGES[(int) (Slot.cycle(index) % STAGES.length)]);
        data.put("message", "Step " + (Slot.cycle(index) + 1) + ": " + percent + "% of the work is done");
        data.put("etaMs", (count - index) * 40);
        data.set("trace", trace());
        TaskEvent event = event(index, "agent.progress", Level.INFO, data, PROGRESS_SERIES, SeriesMode.LATEST);
        Long replaces = lastProgress;
        lastProgress = index;
        return new EventRecord(event, null, replaces);
    }

    private TaskEvent tool(long index) {
        long position = Slot.positionInCycle(index);
        String tool = TOOLS[(int) (Slot.cycle(index) % TOOLS.length)];
        ObjectNode data = Json.mapper().createObjectNode();
        data.put("tool", tool);
        data.put("callId", "call-" + Slot.cycle(index) + "-" + position);
        if (position % 3 == 0) {
            data.set("arguments", Json.mapper().createObjectNode().put("query", "benchmark query " + index)
                    .put("limit", 10).put("language", "en"));
            data.set("trace", trace());
            return event(index, "tool.call", Level.INFO, data, null, null);
        }
        if (position % 3 == 1) {
            data.put("status", "ok").put("durationMs", random.nextInt(2_000)).put("bytes", random.nextInt(65_536));
            data.put("summary", "12 results, 3 relevant, the first one quoted");
            data.set("trace", trace());
            return event(index, "tool.result", Level.INFO, data, null, null);
        }
        boolean slow = random.nextInt(8) == 0;
        data.put("message", slow ? "tool answered slowly, retrying with a smaller page" : "tool answered in time");
        data.put("step", Slot.cycle(index));
        data.set("trace", trace());
        return event(index, "agent.log", slow ? Level.WARN : Level.DEBUG, data, null, null);
    }

    private TaskEvent event(long index, String type, Level level, JsonNode data, String seriesId, SeriesMode mode) {
        long timestamp = timestamp(createdAt, index);
        byte[] entropy = new byte[10];
        random.nextBytes(entropy);
        String id = new Ulid(timestamp, entropy).toString();
        return new TaskEvent(id, taskId, index, timestamp, type, level, data, seriesId, mode, null, null);
    }

    private ObjectNode trace() {
        return Json.mapper().createObjectNode().put("spanId", hex(random.nextLong())).put("parentId", hex(random.nextLong()));
    }

    private static ObjectNode status(String status) {
        return Json.mapper().createObjectNode().put("status", status);
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return "0".repeat(16 - digits.length()) + digits;
    }
}
