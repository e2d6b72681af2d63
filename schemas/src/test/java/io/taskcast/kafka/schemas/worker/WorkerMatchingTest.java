package io.taskcast.kafka.schemas.worker;

import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The matching rules of taskcast-extras.md §8: types, tags, slots, blacklist and preference. */
class WorkerMatchingTest {

    @ParameterizedTest
    @CsvSource({
            "llm.chat, llm.chat, true",
            "llm.*, llm.chat, true",
            "llm.*, llm.a.b, true",
            "llm.*, llm, false",
            "llm.*, llmx.chat, false",
            "*, anything, true",
            "llm.chat, llm.chatty, false"
    })
    void shouldMatchTaskTypesWithTheStreamsWildcardRule(String pattern, String type, boolean matches) {
        assertThat(new MatchRule(List.of(pattern), null).matches(task(type, List.of()))).isEqualTo(matches);
    }

    @Test
    void shouldTakeEveryTypeWhenNoTypeIsGiven() {
        assertThat(new MatchRule(null, null).matches(task("x", null))).isTrue();
        assertThat(new MatchRule(List.of(), null).matches(task("x", null))).isTrue();
        assertThat(new MatchRule(List.of("a", "b.*"), null).matches(task("b.c", null))).isTrue();
        assertThat(new MatchRule(List.of("a", "b.*"), null).matches(task("c", null))).isFalse();
    }

    @Test
    void shouldRequireAllOfAllAtLeastOneOfAnyAndNoneOfNone() {
        TagRule rule = new TagRule(List.of("gpu", "eu"), List.of("fast", "cheap"), List.of("beta"));

        assertThat(rule.matches(List.of("gpu", "eu", "fast"))).isTrue();
        assertThat(rule.matches(List.of("gpu", "eu", "cheap", "other"))).isTrue();
        assertThat(rule.matches(List.of("gpu", "fast"))).as("eu missing").isFalse();
        assertThat(rule.matches(List.of("gpu", "eu"))).as("none of any").isFalse();
        assertThat(rule.matches(List.of("gpu", "eu", "fast", "beta"))).as("one of none").isFalse();
        assertThat(rule.matches(null)).isFalse();
    }

    @Test
    void shouldAskNothingOfEmptyTagLists() {
        assertThat(new TagRule(List.of(), List.of(), List.of()).matches(List.of())).isTrue();
        assertThat(new TagRule(null, null, null).matches(null)).isTrue();
        assertThat(new TagRule(null, null, List.of("beta")).matches(null)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(WorkerStatus.class)
    void shouldOfferTasksOnlyToIdleOrBusyWorkersWithTheSlotsFree(WorkerStatus status) {
        Worker worker = worker("w", status, 4, 2, 50, 0);

        boolean available = status == WorkerStatus.IDLE || status == WorkerStatus.BUSY;
        assertThat(worker.canTake(2)).isEqualTo(available);
        assertThat(worker.canTake(3)).isFalse();
    }

    @Test
    void shouldPreferWeightThenFreeSlotsThenTheEarliestConnected() {
        Worker light = worker("light", WorkerStatus.IDLE, 10, 0, 10, 0);
        Worker heavyFull = worker("heavy-full", WorkerStatus.BUSY, 10, 8, 90, 0);
        Worker heavyEmpty = worker("heavy-empty", WorkerStatus.IDLE, 10, 0, 90, 500);
        Worker heavyEmptyEarlier = worker("heavy-empty-earlier", WorkerStatus.IDLE, 10, 0, 90, 100);

        assertThat(WorkerMatching.candidates(task("t", null), List.of(light, heavyFull, heavyEmpty, heavyEmptyEarlier)))
                .extracting(Worker::id)
                .containsExactly("heavy-empty-earlier", "heavy-empty", "heavy-full", "light");
    }

    @Test
    void shouldLeaveOutWorkersThatCannotTakeTheTask() {
        Task task = new Task("t1", "llm.chat", null, null, null, null,
                Json.mapper().readTree("{\"_blacklistedWorkers\":[\"declined\", 7]}"), 0, 0, null, null, null, null,
                null, List.of("gpu"), null, null, null, null, 3, null, null);
        List<Worker> workers = List.of(
                worker("fits", WorkerStatus.IDLE, 3, 0, 50, 0),
                worker("declined", WorkerStatus.IDLE, 10, 0, 50, 0),
                worker("too-full", WorkerStatus.BUSY, 10, 8, 50, 0),
                worker("draining", WorkerStatus.DRAINING, 10, 0, 50, 0),
                new Worker("other-type", WorkerStatus.IDLE, new MatchRule(List.of("image.*"), null), 10, 0, 50,
                        ConnectionMode.PULL, 0, 0, null),
                new Worker("no-gpu", WorkerStatus.IDLE, new MatchRule(null, new TagRule(null, null, List.of("gpu"))),
                        10, 0, 50, ConnectionMode.PULL, 0, 0, null));

        assertThat(WorkerMatching.cost(task)).isEqualTo(3);
        assertThat(WorkerMatching.blacklisted(task)).containsExactly("declined");
        assertThat(WorkerMatching.candidates(task, workers)).extracting(Worker::id).containsExactly("fits");
    }

    @Test
    void shouldCostOneSlotWhenTheTaskSaysNothing() {
        assertThat(WorkerMatching.cost(task("t", null))).isEqualTo(1);
        assertThat(WorkerMatching.candidates(task("t", null), List.of(worker("one", WorkerStatus.BUSY, 5, 4, 50, 0))))
                .hasSize(1);
    }

    @Test
    void shouldWriteAWorkerAsTaskcastDoes() {
        Worker worker = new Worker("w1", WorkerStatus.DRAINING, new MatchRule(List.of("llm.*"),
                new TagRule(List.of("gpu"), null, null)), 10, 2, 50, ConnectionMode.WEBSOCKET, 1000, 2000, null);

        assertThat(Json.toString(worker)).isEqualTo("{\"id\":\"w1\",\"status\":\"draining\",\"matchRule\":"
                + "{\"taskTypes\":[\"llm.*\"],\"tags\":{\"all\":[\"gpu\"]}},\"capacity\":10,\"usedSlots\":2,"
                + "\"weight\":50,\"connectionMode\":\"websocket\",\"connectedAt\":1000,\"lastHeartbeatAt\":2000}");
        assertThat(Json.fromString(Json.toString(worker), Worker.class)).isEqualTo(worker);
    }

    private static Task task(String type, List<String> tags) {
        return new Task("t1", type, null, null, null, null, null, 0, 0, null, null, null, null, null, tags, null,
                null, null, null, null, null, null);
    }

    private static Worker worker(String id, WorkerStatus status, int capacity, int used, int weight, long connectedAt) {
        return new Worker(id, status, null, capacity, used, weight, ConnectionMode.PULL, connectedAt, connectedAt, null);
    }
}
