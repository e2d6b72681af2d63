package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.processor.TaskBuilder;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.command.ReleaseStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A release from hot storage as the engine decides it (taskcast-extras.md §7): only a finished
 * task, as the caller expects it, that the archive holds as it is.
 */
class TaskEngineReleaseTest {

    private static final String ID = "release-1";
    private static final long T0 = 1_600_000_000_000L;
    private static final long DONE = T0 + 5_000;
    private static final long NOW = T0 + 60_000;
    /** The finished task has events 0..4. */
    private static final long LAST = 4;

    private final Task finished = TaskBuilder.pending(ID, T0).status(TaskStatus.COMPLETED).updatedAt(DONE)
            .completedAt(DONE).build();
    private final TaskState state = new TaskState(finished, LAST + 1, Map.of(), null);

    @Test
    void shouldReleaseAFinishedTaskTheArchiveHoldsAsItIs() {
        Decision decision = TaskEngine.decide(state, release(LAST, DONE, LAST, DONE), NOW);

        assertThat(decision).isEqualTo(new Decision.Released(state.releasedFromHotStorage(), true));
        assertThat(((Decision.Released) decision).next().released()).isTrue();
    }

    @Test
    void shouldAnswerATaskReleasedBeforeWithoutAChange() {
        TaskState released = state.releasedFromHotStorage();

        assertThat(TaskEngine.decide(released, release(LAST, DONE, LAST, DONE), NOW))
                .isEqualTo(new Decision.Released(released, false));
    }

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, mode = EnumSource.Mode.EXCLUDE,
            names = {"COMPLETED", "FAILED", "TIMEOUT", "CANCELLED"})
    void shouldRefuseALiveTask(TaskStatus status) {
        TaskState live = new TaskState(TaskBuilder.from(finished).status(status).completedAt(null).build(), LAST + 1,
                Map.of(), null);

        assertRefused(TaskEngine.decide(live, release(LAST, DONE, LAST, DONE), NOW), "Only a finished task");
    }

    @Test
    void shouldRefuseAnotherLastEventIndexThanExpected() {
        assertRefused(TaskEngine.decide(state, release(LAST - 1, DONE, LAST, DONE), NOW),
                "last event index is 4, not the expected 3");
        assertRefused(TaskEngine.decide(state, release(LAST + 1, DONE, LAST + 1, DONE), NOW),
                "last event index is 4, not the expected 5");
    }

    @Test
    void shouldRefuseATaskThatChangedAfterInactiveSince() {
        assertRefused(TaskEngine.decide(state, release(LAST, DONE - 1, LAST, DONE), NOW),
                "changed at " + DONE + ", after inactiveSince " + (DONE - 1));
    }

    @Test
    void shouldRefuseWhileTheArchiveDoesNotHoldTheTaskAsItIs() {
        assertRefused(TaskEngine.decide(state, release(LAST, DONE, LAST - 1, DONE), NOW),
                "archived through index 3 of 4");
        assertRefused(TaskEngine.decide(state, release(LAST, DONE, LAST, DONE - 1), NOW), "retry shortly");
        assertRefused(TaskEngine.decide(state, release(LAST, DONE, LAST, null), NOW), "retry shortly");
    }

    @Test
    void shouldFindNoTaskToRelease() {
        Decision decision = TaskEngine.decide(null, release(LAST, DONE, LAST, DONE), NOW);

        assertThat(decision).isInstanceOf(Decision.Refused.class);
        assertThat(((Decision.Refused) decision).status()).isEqualTo(404);
    }

    private static void assertRefused(Decision decision, String reason) {
        assertThat(decision).isInstanceOf(Decision.Refused.class);
        Decision.Refused refused = (Decision.Refused) decision;
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("storage_precondition_failed");
        assertThat(refused.message()).contains(reason);
    }

    private static ReleaseStorage release(long expected, long inactiveSince, long archivedThrough, Long archivedUpdatedAt) {
        return new ReleaseStorage("cmd", ID, expected, inactiveSince, archivedThrough, archivedUpdatedAt);
    }
}
