package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.schemas.json.Json;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The outcome checks shared by the kill tests: what a task's history and its subscriber must show afterwards. */
final class CrashChecks {

    private CrashChecks() {
    }

    /**
     * A task's history holds every acknowledged {@code tick} exactly once, at the index its 201
     * reported, with contiguous indexes; a tick whose outcome was unknown appears at most once.
     *
     * @return the history's indexes, in order
     */
    static List<Long> assertEveryAckKeptOnce(Http http, String taskId, List<TickPublisher.Ack> acks) {
        Http.Response response = http.get("/tasks/" + taskId + "/events/history?limit=100000");
        assertThat(response.status()).as("history of %s: %s", taskId, response.body()).isEqualTo(200);
        JsonNode history = Json.mapper().readTree(response.body());
        List<Long> indexes = new ArrayList<>();
        Map<Long, Integer> copies = new HashMap<>();
        Map<Long, Long> indexBySeq = new HashMap<>();
        history.forEach(e -> {
            indexes.add(e.get("index").asLong());
            if ("tick".equals(e.get("type").asString())) {
                long seq = e.get("data").get("seq").asLong();
                copies.merge(seq, 1, Integer::sum);
                indexBySeq.put(seq, e.get("index").asLong());
            }
        });
        assertThat(indexes).as("indexes of %s", taskId).isEqualTo(LongStream.range(0, indexes.size()).boxed().toList());
        assertThat(copies).as("ticks of %s present more than once", taskId).allSatisfy((seq, n) -> assertThat(n).isOne());
        assertThat(indexBySeq.keySet()).as("acknowledged ticks of %s", taskId)
                .containsAll(acks.stream().map(TickPublisher.Ack::seq).toList());
        acks.stream().filter(a -> a.index() != null).forEach(a -> assertThat(indexBySeq.get(a.seq()))
                .as("index of tick %d of %s, as its 201 said", a.seq(), taskId).isEqualTo(a.index()));
        return indexes;
    }

    /** The subscriber, over all its connections, received exactly {@code indexes} in order, then one {@code done}. */
    static void assertSubscriberSawAllThenDone(ResumingSubscriber subscriber, List<Long> indexes, String reason,
                                               Duration wait, Supplier<String> diagnostics) {
        try {
            await().atMost(wait).until(() -> subscriber.done() != null);
        } catch (ConditionTimeoutException e) {
            List<Long> seen = subscriber.rawIndexes();
            throw new AssertionError("the subscriber of " + subscriber.taskId() + " got no done: "
                    + subscriber.connections() + " connection(s), " + seen.size() + " of " + indexes.size()
                    + " events, last " + seen.subList(Math.max(0, seen.size() - 3), seen.size()) + ", last id "
                    + subscriber.lastId() + "; " + diagnostics.get(), e);
        }
        List<Long> seen = subscriber.rawIndexes();
        int at = 0;
        while (at < Math.min(seen.size(), indexes.size()) && seen.get(at).equals(indexes.get(at))) {
            at++;
        }
        if (at < Math.max(seen.size(), indexes.size())) {
            throw new AssertionError("the subscriber of " + subscriber.taskId() + " saw " + seen.size()
                    + " events over " + subscriber.connections() + " connection(s), the history has " + indexes.size()
                    + "; first difference at position " + at + ": expected index "
                    + (at < indexes.size() ? indexes.get(at) : "none") + ", got "
                    + (at < seen.size() ? seen.get(at) : "none") + " (received around it: "
                    + seen.subList(Math.max(0, at - 3), Math.min(seen.size(), at + 3)) + ")");
        }
        assertThat(subscriber.doneReasons()).as("done frames to the subscriber of %s", subscriber.taskId())
                .containsExactly(reason);
    }
}
