package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No gap and no duplicate between replay and live (architecture.md invariant 4), whatever the
 * moment a subscriber connects: 20 subscribers join at random moments while 2,000 events are
 * published as fast as the API takes them.
 */
@ExtendWith({EmbeddedStackExtension.class, SharedTaskcast.class})
class SseRaceIT {

    private static final int SUBSCRIBERS = 20;
    private static final int EVENTS = 2_000;
    private static final int BATCH = 20;
    private static Http http;

    @BeforeAll
    static void start(Http http) {
        SseRaceIT.http = http;
    }

    @Test
    void shouldGiveEverySubscriberTheContiguousIndexSequenceFromItsStartToTheEndThenDone() throws Exception {
        // given: a running task (status event at index 0)
        String id = "sse-race-" + UUID.randomUUID();
        assertThat(http.post("/tasks", "{\"id\":\"" + id + "\"}").status()).isEqualTo(201);
        assertThat(http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}").status()).isEqualTo(200);
        long lastIndex = EVENTS + 1;

        ExecutorService pool = Executors.newFixedThreadPool(SUBSCRIBERS + 1);
        List<SseClient> clients = new ArrayList<>();
        try {
            // when: subscribers join at random moments (half replay everything, half only the first event,
            // limit=1, and then what comes after the moment they joined) ...
            List<CompletableFuture<SseClient>> joining = new ArrayList<>();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                String query = i % 2 == 0 ? "" : "?limit=1";
                joining.add(CompletableFuture.supplyAsync(() -> {
                    pause(ThreadLocalRandom.current().nextInt(0, 1_500));
                    return SseClient.open(http, "/tasks/" + id + "/events" + query);
                }, pool));
            }
            // ... while the events are published in batches, then the task completes
            for (int sent = 0; sent < EVENTS; sent += BATCH) {
                assertThat(http.post("/tasks/" + id + "/events", batch(sent)).status()).isEqualTo(201);
            }
            for (CompletableFuture<SseClient> client : joining) {
                clients.add(client.get(30, TimeUnit.SECONDS));
            }
            assertThat(http.patch("/tasks/" + id + "/status", "{\"status\":\"completed\"}").status()).isEqualTo(200);

            // then
            for (SseClient client : clients) {
                client.awaitEnded(Duration.ofSeconds(60), SseClient.taskAccount(http, id));
            }
            for (int i = 0; i < clients.size(); i++) {
                SseClient client = clients.get(i);
                List<Long> indexes = client.events().stream().map(e -> e.get("rawIndex").asLong()).toList();
                assertThat(indexes).as("events of a subscriber").isNotEmpty();
                assertThat(indexes.get(0)).as("the first event replayed").isZero();
                // with limit=1 the live part starts after the newest event at connect: contiguous from there
                List<Long> contiguous = i % 2 == 0 || indexes.size() == 1 ? indexes : indexes.subList(1, indexes.size());
                long first = contiguous.get(0);
                assertThat(contiguous).isEqualTo(LongStream.rangeClosed(first, lastIndex).boxed().toList());
                assertThat(client.events()).allMatch(e -> e.get("filteredIndex").asLong() == e.get("rawIndex").asLong());
                assertThat(client.doneReason()).isEqualTo("completed");
            }
        } finally {
            clients.forEach(SseClient::close);
            pool.shutdownNow();
        }
    }

    private static String batch(int from) {
        StringBuilder body = new StringBuilder("[");
        for (int i = from; i < from + BATCH; i++) {
            body.append(i == from ? "" : ",").append("{\"type\":\"tick\",\"data\":").append(i).append('}');
        }
        return body.append(']').toString();
    }

    /** A random moment to join; not a synchronisation. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
