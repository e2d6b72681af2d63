package io.taskcast.kafka.processor.workers;

import io.taskcast.kafka.schemas.DisconnectPolicy;
import io.taskcast.kafka.schemas.worker.ConnectionMode;
import io.taskcast.kafka.schemas.worker.MatchRule;
import io.taskcast.kafka.schemas.worker.Worker;
import io.taskcast.kafka.schemas.worker.WorkerStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.taskcast.kafka.processor.workers.WorkerPool.Reservation.ALREADY_HELD;
import static io.taskcast.kafka.processor.workers.WorkerPool.Reservation.NOT_AVAILABLE;
import static io.taskcast.kafka.processor.workers.WorkerPool.Reservation.NO_FREE_SLOTS;
import static io.taskcast.kafka.processor.workers.WorkerPool.Reservation.NO_SUCH_WORKER;
import static io.taskcast.kafka.processor.workers.WorkerPool.Reservation.RESERVED;
import static org.assertj.core.api.Assertions.assertThat;

/** The pool stage's slot keeping (docs/workers.md): never over capacity, slots always come back. */
class WorkerPoolTest {

    private static final long T0 = 1_600_000_000_000L;
    private static final long TIMEOUT = 90_000;

    @Test
    void shouldReserveUpToTheCapacityAndNoFurther() {
        PoolState state = register(PoolState.EMPTY, "w", 3);

        WorkerPool.Reserved first = WorkerPool.reserve(state, "w", "t1", 2, DisconnectPolicy.REASSIGN);
        WorkerPool.Reserved second = WorkerPool.reserve(first.next(), "w", "t2", 2, DisconnectPolicy.REASSIGN);
        WorkerPool.Reserved third = WorkerPool.reserve(first.next(), "w", "t3", 1, DisconnectPolicy.REASSIGN);

        assertThat(first.answer()).isEqualTo(RESERVED);
        assertThat(second.answer()).isEqualTo(NO_FREE_SLOTS);
        assertThat(second.next()).isEqualTo(first.next());
        assertThat(third.answer()).isEqualTo(RESERVED);
        Worker full = third.next().workers().get("w").worker();
        assertThat(full.usedSlots()).isEqualTo(3);
        assertThat(full.status()).isEqualTo(WorkerStatus.BUSY);
        assertThat(WorkerPool.reserve(third.next(), "w", "t1", 1, DisconnectPolicy.REASSIGN).answer())
                .isEqualTo(ALREADY_HELD);
        assertThat(WorkerPool.reserve(third.next(), "nobody", "t4", 1, DisconnectPolicy.REASSIGN).answer())
                .isEqualTo(NO_SUCH_WORKER);
    }

    @Test
    void shouldGiveTheSlotsBackWhenTheAssignmentIsRefusedOrEnds() {
        PoolState state = WorkerPool.reserve(register(PoolState.EMPTY, "w", 2), "w", "t1", 2,
                DisconnectPolicy.REASSIGN).next();

        PoolState refused = WorkerPool.release(state, "w", "t1");
        PoolState ended = WorkerPool.release(WorkerPool.confirm(state, "w", "t1"), "w", "t1");

        for (PoolState after : List.of(refused, ended)) {
            Worker w = after.workers().get("w").worker();
            assertThat(w.usedSlots()).isZero();
            assertThat(w.status()).isEqualTo(WorkerStatus.IDLE);
            assertThat(after.workers().get("w").held()).isEmpty();
        }
        // releasing twice changes nothing
        assertThat(WorkerPool.release(refused, "w", "t1")).isEqualTo(refused);
    }

    @Test
    void shouldOfferNothingToADrainingWorkerUntilItIsIdleAgain() {
        PoolState draining = WorkerPool.drain(register(PoolState.EMPTY, "w", 2), "w", true);

        assertThat(WorkerPool.reserve(draining, "w", "t1", 1, DisconnectPolicy.REASSIGN).answer())
                .isEqualTo(NOT_AVAILABLE);
        PoolState idle = WorkerPool.drain(draining, "w", false);
        assertThat(WorkerPool.reserve(idle, "w", "t1", 1, DisconnectPolicy.REASSIGN).answer()).isEqualTo(RESERVED);
    }

    @Test
    void shouldTakeASilentWorkerOfflineAndHandItsAssignedTasksToTheirPolicies() {
        PoolState state = register(PoolState.EMPTY, "silent", 5);
        state = register(state, "alive", 5);
        state = WorkerPool.confirm(WorkerPool.reserve(state, "silent", "a", 1, DisconnectPolicy.FAIL).next(),
                "silent", "a");
        state = WorkerPool.confirm(WorkerPool.reserve(state, "silent", "b", 1, DisconnectPolicy.MARK).next(),
                "silent", "b");
        state = WorkerPool.reserve(state, "silent", "c", 1, DisconnectPolicy.REASSIGN).next();
        state = WorkerPool.heartbeat(state, "alive", T0 + 60_000);

        WorkerPool.Expired expired = WorkerPool.expire(state, T0 + TIMEOUT + 1, TIMEOUT);

        assertThat(expired.next().workers().get("silent").worker().status()).isEqualTo(WorkerStatus.OFFLINE);
        assertThat(expired.next().workers().get("alive").worker().status()).isEqualTo(WorkerStatus.IDLE);
        // the confirmed ones; the reservation waits for the task stage's answer
        assertThat(expired.disconnected()).containsExactly(
                new WorkerPool.Disconnected("silent", "a", DisconnectPolicy.FAIL),
                new WorkerPool.Disconnected("silent", "b", DisconnectPolicy.MARK));
        // slots stay held until the task stage releases them; an offline worker gets nothing new
        assertThat(expired.next().workers().get("silent").worker().usedSlots()).isEqualTo(3);
        assertThat(WorkerPool.reserve(expired.next(), "silent", "d", 1, DisconnectPolicy.REASSIGN).answer())
                .isEqualTo(NOT_AVAILABLE);
        // and a second expiry does not hand them out again
        assertThat(WorkerPool.expire(expired.next(), T0 + 2 * TIMEOUT, TIMEOUT).disconnected()).isEmpty();

        // a reconnect keeps what is still held (a marked task stays assigned to it)
        PoolState back = WorkerPool.release(WorkerPool.release(expired.next(), "silent", "a"), "silent", "c");
        back = WorkerPool.register(back, "silent", MatchRule.ANY, 5, null, ConnectionMode.PULL, null, T0 + 200_000);
        Worker reconnected = back.workers().get("silent").worker();
        assertThat(reconnected.status()).isEqualTo(WorkerStatus.IDLE);
        assertThat(reconnected.usedSlots()).isEqualTo(1);
        assertThat(reconnected.connectedAt()).isEqualTo(T0 + 200_000);
        assertThat(back.workers().get("silent").held()).containsOnlyKeys("b");
    }

    /**
     * Any sequence of reservations, confirmations, releases, drains, heartbeats and expiries keeps
     * every worker's used slots equal to what it holds and never above its capacity.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void shouldNeverHoldMoreThanTheCapacityWhateverHappens(long seed) {
        Random random = new Random(seed);
        PoolState state = PoolState.EMPTY;
        List<String> workers = List.of("w0", "w1", "w2");
        for (String w : workers) {
            state = register(state, w, 1 + random.nextInt(5));
        }
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tasks.add("t" + i);
        }
        long now = T0;
        for (int step = 0; step < 5_000; step++) {
            String w = workers.get(random.nextInt(workers.size()));
            String t = tasks.get(random.nextInt(tasks.size()));
            now += random.nextInt(10_000);
            state = switch (random.nextInt(8)) {
                case 0, 1, 2 -> WorkerPool.reserve(state, w, t, 1 + random.nextInt(3), DisconnectPolicy.REASSIGN).next();
                case 3 -> WorkerPool.confirm(state, w, t);
                case 4 -> WorkerPool.release(state, w, t);
                case 5 -> WorkerPool.drain(state, w, random.nextBoolean());
                case 6 -> WorkerPool.heartbeat(state, w, now);
                default -> random.nextInt(20) == 0
                        ? WorkerPool.register(state, w, MatchRule.ANY, 1 + random.nextInt(5), null,
                        ConnectionMode.WEBSOCKET, null, now)
                        : WorkerPool.expire(state, now, TIMEOUT).next();
            };
            for (PoolState.PoolWorker pw : state.workers().values()) {
                int held = pw.held().values().stream().mapToInt(PoolState.Held::cost).sum();
                assertThat(pw.worker().usedSlots()).as("step %d, %s", step, pw.worker().id()).isEqualTo(held);
                // a re-registration may lower the capacity below what is held; nothing more is reserved then
                if (held > pw.worker().capacity()) {
                    assertThat(WorkerPool.reserve(state, pw.worker().id(), "new", 1, DisconnectPolicy.FAIL).answer())
                            .isNotEqualTo(RESERVED);
                }
            }
        }
    }

    @Test
    void shouldNeverReserveBeyondTheCapacityAtTheMomentOfTheReservation() {
        Random random = new Random(7);
        PoolState state = register(PoolState.EMPTY, "w", 4);
        for (int i = 0; i < 1_000; i++) {
            int before = state.workers().get("w").worker().usedSlots();
            int cost = 1 + random.nextInt(3);
            WorkerPool.Reserved reserved = WorkerPool.reserve(state, "w", "t" + i, cost, DisconnectPolicy.FAIL);
            if (reserved.answer() == RESERVED) {
                assertThat(before + cost).isLessThanOrEqualTo(4);
            } else {
                assertThat(before + cost).isGreaterThan(4);
            }
            state = random.nextBoolean() ? reserved.next()
                    : WorkerPool.release(reserved.next(), "w", "t" + random.nextInt(i + 1));
        }
    }

    private static PoolState register(PoolState state, String id, int capacity) {
        return WorkerPool.register(state, id, MatchRule.ANY, capacity, null, ConnectionMode.PULL, null, T0);
    }
}
