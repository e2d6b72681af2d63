package io.taskcast.kafka.processor.workers;

import io.taskcast.kafka.schemas.AssignMode;
import io.taskcast.kafka.schemas.DisconnectPolicy;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.worker.ConnectionMode;
import io.taskcast.kafka.schemas.worker.MatchRule;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A pool as the stage keeps it: in line order, and read back from its store as it was written. */
class PoolBookTest {

    private static final long T0 = 1_600_000_000_000L;

    private final KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore("pool-book-test"), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled().build();

    PoolBookTest() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void shouldKeepPendingTasksInTheOrderTheyCameWhateverTheirUpdates() {
        PoolBook pool = new PoolBook();
        pool.keepPending(task("b"));
        pool.keepPending(task("a"));
        pool.keepPending(task("c"));
        pool.keepPending(task("b"));
        pool.removePending("a");
        pool.put(pool.pending("c").offered("p1"));

        assertThat(pool.inLine()).extracting(p -> p.task().id()).containsExactly("b", "c");
        assertThat(pool.pending("c").offeredTo()).isEqualTo("p1");
    }

    @Test
    void shouldReadBackWhatWasWrittenFlushByFlushIncludingRemovals() {
        // given: two pools changing over three flushes, with entries removed on the way
        PoolBook a = new PoolBook();
        a.workers(WorkerPool.register(PoolState.EMPTY, "w1", new MatchRule(List.of("llm.*"), null), 2, 70,
                ConnectionMode.PULL, null, T0));
        a.keepPending(task("t1"));
        a.put(poll("p1", "w1"));
        a.flush(store, "a");
        PoolBook b = new PoolBook();
        b.workers(WorkerPool.register(PoolState.EMPTY, "w9", null, null, null, ConnectionMode.PULL, null, T0));
        b.flush(store, "b");
        a.workers(WorkerPool.reserve(a.workers(), "w1", "t1", 1, DisconnectPolicy.FAIL, "p1").next());
        a.keepPending(task("t2"));
        a.removePoll("p1");
        a.removePending("t1");
        a.flush(store, "a");

        // when
        Map<String, PoolBook> loaded = PoolBook.load(store);

        // then
        assertThat(loaded.keySet()).containsExactlyInAnyOrder("a", "b");
        PoolBook la = loaded.get("a");
        assertThat(tree(la.workers())).isEqualTo(tree(a.workers()));
        assertThat(tree(loaded.get("b").workers())).isEqualTo(tree(b.workers()));
        assertThat(la.polls()).isEmpty();
        assertThat(la.inLine()).extracting(p -> p.task().id()).containsExactly("t2");
        assertThat(la.workers().workers().get("w1").held().get("t1").pollId()).isEqualTo("p1");
        la.keepPending(task("t3"));
        assertThat(la.inLine()).as("the line goes on after a restart").extracting(p -> p.task().id())
                .containsExactly("t2", "t3");
    }

    @Test
    void shouldWriteOnlyTheEntriesThatChangedSinceTheLastFlush() {
        PoolBook pool = new PoolBook();
        pool.workers(WorkerPool.register(PoolState.EMPTY, "w1", null, 2, null, ConnectionMode.PULL, null, T0));
        pool.keepPending(task("t1"));
        pool.flush(store, "a");
        store.put("a|t|t1", "sentinel".getBytes());
        store.put("a|w|w1", "sentinel".getBytes());

        pool.workers(WorkerPool.register(pool.workers(), "w2", null, 2, null, ConnectionMode.PULL, null, T0));
        pool.flush(store, "a");

        assertThat(new String(store.get("a|t|t1"))).as("an unchanged task is not written again").isEqualTo("sentinel");
        assertThat(new String(store.get("a|w|w1"))).as("an unchanged worker is not written again").isEqualTo("sentinel");
        assertThat(store.get("a|w|w2")).isNotNull();
    }

    /** As a JSON tree, whose equality does not depend on the maps' order. */
    private static Object tree(Object value) {
        return Json.mapper().readTree(Json.toBytes(value));
    }

    private static PoolBook.Poll poll(String pollId, String workerId) {
        return new PoolBook.Poll(pollId, workerId, T0 + 30_000, null, null, null, null, null, false);
    }

    private static Task task(String id) {
        return new Task(id, "llm.chat", TaskStatus.PENDING, null, null, null, null, T0, T0, null, null, null, null,
                null, List.of("x"), null, null, null, AssignMode.PULL, 1, null, null);
    }
}
