package io.taskcast.kafka.bench;

import io.taskcast.kafka.platform.redis.TaskHistory;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Topics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchWorkloadTest {

    private static final Topics TOPICS = Topics.withPrefix("bench-test");
    /** 5,003 events over 7 tasks: uneven shares, several cycles per task, 3 tasks running at once. */
    private static final BenchWorkload WORKLOAD = new BenchWorkload("bench-test", 5_003, 7, 3, 1_750_000_000_000L, 42);
    private static final List<BenchRecord> LOG = generate();

    @Test
    void shouldGiveEveryTaskContiguousIndexesInLogOrderAndProduceEveryEventOnce() {
        Map<String, List<Long>> indexes = new HashMap<>();
        for (BenchRecord record : log()) {
            if (record instanceof BenchRecord.Event event) {
                indexes.computeIfAbsent(record.taskId(), k -> new ArrayList<>()).add(event.record().event().index());
            }
        }

        assertThat(indexes).hasSize(7);
        for (int task = 0; task < 7; task++) {
            List<Long> expected = new ArrayList<>();
            for (long i = 0; i < WORKLOAD.eventCount(task); i++) {
                expected.add(i);
            }
            assertThat(indexes.get(WORKLOAD.taskId(task))).as(WORKLOAD.taskId(task)).isEqualTo(expected);
        }
        assertThat(indexes.values().stream().mapToLong(List::size).sum()).isEqualTo(5_003);
        assertThat(WORKLOAD.eventCount(0)).isEqualTo(715);
        assertThat(WORKLOAD.eventCount(6)).isEqualTo(714);
    }

    @Test
    void shouldInterleaveNoMoreTasksThanTheConcurrencyAndWrapEachInItsSnapshots() {
        Set<String> running = new HashSet<>();
        Map<String, List<TaskStatus>> snapshots = new HashMap<>();
        int mostRunning = 0;
        for (BenchRecord record : log()) {
            if (record instanceof BenchRecord.Snapshot snapshot) {
                Task task = snapshot.task();
                snapshots.computeIfAbsent(task.id(), k -> new ArrayList<>()).add(task.status());
                if (task.status() == TaskStatus.PENDING) {
                    running.add(task.id());
                } else {
                    running.remove(task.id());
                }
            } else {
                assertThat(running).as("an event comes between its task's snapshots").contains(record.taskId());
            }
            mostRunning = Math.max(mostRunning, running.size());
        }

        assertThat(mostRunning).isEqualTo(3);
        assertThat(snapshots).hasSize(7).allSatisfy((id, statuses) ->
                assertThat(statuses).containsExactly(TaskStatus.PENDING, TaskStatus.COMPLETED));
    }

    @Test
    void shouldPointEachLatestSeriesEventAtThePreviousOneOfItsSeries() {
        List<EventRecord> records = script(2);
        Long previous = null;
        int latest = 0;
        for (EventRecord record : records) {
            TaskEvent event = record.event();
            if (event.seriesMode() == SeriesMode.LATEST) {
                assertThat(record.replacesIndex()).as("index %d", event.index()).isEqualTo(previous);
                previous = event.index();
                latest++;
            } else {
                assertThat(record.replacesIndex()).isNull();
            }
        }
        assertThat(latest).isGreaterThan(100);
    }

    @Test
    void shouldCarryTheRunningTextOfEachAccumulateSeriesLikeTheProcessor() {
        Map<String, String> text = new HashMap<>();
        int accumulated = 0;
        for (EventRecord record : script(1)) {
            TaskEvent event = record.event();
            if (event.seriesMode() != SeriesMode.ACCUMULATE) {
                assertThat(record.accumulated()).isNull();
                continue;
            }
            String sofar = text.merge(event.seriesId(), event.data().get("delta").asString(), String::concat);
            TaskEvent state = record.accumulated();
            assertThat(state.data().get("delta").asString()).isEqualTo(sofar);
            assertThat(state.id()).isEqualTo(event.id());
            assertThat(state.index()).isEqualTo(event.index());
            assertThat(state.seriesId()).isEqualTo(event.seriesId());
            assertThat(state.data().get("model")).isEqualTo(event.data().get("model"));
            accumulated++;
        }
        assertThat(accumulated).isGreaterThan(300);
    }

    @Test
    void shouldWriteRecordsThatReadBackThroughTheTopicSerdesUnchanged() {
        for (BenchRecord record : log()) {
            if (record instanceof BenchRecord.Event event) {
                byte[] bytes = TOPICS.events().valueSerde().serializer().serialize("t", event.record());
                EventRecord back = TOPICS.events().valueSerde().deserializer().deserialize("t", bytes);
                assertThat(Json.toString(back)).isEqualTo(Json.toString(event.record()));
                assertThat(back.event().id()).hasSize(26);
            } else {
                Task task = ((BenchRecord.Snapshot) record).task();
                byte[] bytes = TOPICS.tasks().valueSerde().serializer().serialize("t", task);
                assertThat(Json.toString(TOPICS.tasks().valueSerde().deserializer().deserialize("t", bytes)))
                        .isEqualTo(Json.toString(task));
            }
        }
    }

    /**
     * The schema validator is a test dependency of {@code schemas} only, so this checks by hand what
     * the schemas require of these records: required fields, enum values, non-negative indexes.
     */
    @Test
    void shouldWriteWhatTheTopicSchemasRequire() throws Exception {
        JsonNode eventSchema = schema("task-event.schema.json");
        JsonNode taskSchema = schema("task.schema.json");
        for (BenchRecord record : log()) {
            if (record instanceof BenchRecord.Event event) {
                JsonNode json = Json.mapper().readTree(Json.toBytes(event.record()));
                assertMatches(eventSchema, json.get("event"));
                if (json.has("accumulated")) {
                    assertMatches(eventSchema, json.get("accumulated"));
                }
                if (json.has("replacesIndex")) {
                    assertThat(json.get("replacesIndex").isIntegralNumber()).isTrue();
                    assertThat(json.get("replacesIndex").asLong()).isNotNegative();
                }
            } else {
                JsonNode json = Json.mapper().readTree(Json.toBytes(((BenchRecord.Snapshot) record).task()));
                required(taskSchema).forEach(field -> assertThat(json.has(field)).as(field).isTrue());
                assertThat(enumValues(taskSchema, "taskStatus")).contains(json.get("status").asString());
                assertThat(json.get("params").isObject() && json.get("metadata").isObject()).isTrue();
            }
        }
    }

    private static void assertMatches(JsonNode eventSchema, JsonNode event) {
        required(eventSchema).forEach(field -> assertThat(event.has(field)).as(field).isTrue());
        assertThat(event.get("id").asString()).isNotEmpty();
        assertThat(event.get("index").asLong()).isNotNegative();
        assertThat(enumValues(eventSchema, "level")).contains(event.get("level").asString());
        if (event.has("seriesMode")) {
            assertThat(enumValues(eventSchema, "seriesMode")).contains(event.get("seriesMode").asString());
        }
    }

    private static JsonNode schema(String file) throws Exception {
        try (InputStream in = BenchWorkloadTest.class.getResourceAsStream("/json-schema/" + file)) {
            assertThat(in).as(file).isNotNull();
            return Json.mapper().readTree(in);
        }
    }

    private static List<String> required(JsonNode schema) {
        List<String> fields = new ArrayList<>();
        schema.get("required").forEach(field -> fields.add(field.asString()));
        return fields;
    }

    private static List<String> enumValues(JsonNode schema, String definition) {
        List<String> values = new ArrayList<>();
        schema.get("$defs").get(definition).get("enum").forEach(value -> values.add(value.asString()));
        return values;
    }

    @Test
    void shouldMakeEventDataAboutTwoHundredBytesAndEveryEventIdUnique() {
        Set<String> ids = new HashSet<>();
        long dataBytes = 0;
        long count = 0;
        for (BenchRecord record : log()) {
            if (record instanceof BenchRecord.Event event) {
                TaskEvent e = event.record().event();
                assertThat(ids.add(e.id())).as("unique id %s", e.id()).isTrue();
                dataBytes += Json.toBytes(e.data()).length;
                count++;
            }
        }
        assertThat(dataBytes / count).isBetween(150L, 250L);
    }

    @Test
    void shouldExpectAHistoryOfEveryEventLessTheReplacedProgressUpdates() {
        for (int task = 0; task < 7; task++) {
            TaskHistory expected = WORKLOAD.expected(task);
            long latest = script(task).stream().filter(r -> r.event().seriesMode() == SeriesMode.LATEST).count();

            assertThat(expected.events()).hasSize((int) WORKLOAD.historyLength(task));
            assertThat(WORKLOAD.historyLength(task)).isEqualTo(WORKLOAD.eventCount(task) - (latest - 1));
            assertThat(expected.events()).filteredOn(e -> e.seriesMode() == SeriesMode.LATEST).hasSize(1);
            assertThat(expected.seriesStates()).hasSize((int) Slot.cycle(WORKLOAD.eventCount(task) - 2) + 1);
        }
    }

    @Test
    void shouldStartAndCompleteEveryTaskWithStatusEvents() {
        List<EventRecord> records = script(0);
        TaskEvent first = records.get(0).event();
        TaskEvent last = records.get(records.size() - 1).event();

        assertThat(first.type()).isEqualTo(TaskEvent.STATUS_TYPE);
        assertThat(first.data().get("status").asString()).isEqualTo("running");
        assertThat(last.type()).isEqualTo(TaskEvent.STATUS_TYPE);
        assertThat(last.data().get("status").asString()).isEqualTo("completed");
        assertThat(last.data().get("result")).isEqualTo(WORKLOAD.completed(0).result());
        assertThat(WORKLOAD.completed(0).completedAt()).isEqualTo(last.timestamp());
    }

    @Test
    void shouldRegenerateTheSameRecords() {
        assertThat(json(script(3))).isEqualTo(json(script(3)));
    }

    @Test
    void shouldRejectFewerThanTwoEventsPerTask() {
        assertThatThrownBy(() -> new BenchWorkload("b", 19, 10, 1, 0, 1)).hasMessageContaining("--events");
    }

    private static List<BenchRecord> log() {
        return LOG;
    }

    private static List<BenchRecord> generate() {
        List<BenchRecord> records = new ArrayList<>();
        WORKLOAD.records().forEachRemaining(records::add);
        return List.copyOf(records);
    }

    private static List<EventRecord> script(int task) {
        List<EventRecord> records = new ArrayList<>();
        Iterator<EventRecord> script = WORKLOAD.script(task);
        script.forEachRemaining(records::add);
        return records;
    }

    private static List<String> json(List<EventRecord> records) {
        return records.stream().map(Json::toString).toList();
    }
}
