package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.processor.TaskBuilder;
import io.taskcast.kafka.schemas.AssignMode;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.command.AssignTask;
import io.taskcast.kafka.schemas.command.DeclineTask;
import io.taskcast.kafka.schemas.command.TransitionTask;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task's side of worker assignment (taskcast-extras.md §8): only a pending task is assigned, and
 * only to a worker that did not blacklist it; a decline by its worker sends it back to pending.
 */
class TaskEngineAssignmentTest {

    private static final String ID = "assign-1";
    private static final long T0 = 1_600_000_000_000L;
    private static final long NOW = T0 + 1_000;

    private final Task pulled = TaskBuilder.pending(ID, T0).ttl(60).build()
            .withAssignment(AssignMode.PULL, 2, null, null);
    private final TaskState pending = TaskState.created(pulled);

    @Test
    void shouldAssignAPendingTaskWithoutAStatusEventButWithAnAuditEvent() {
        Decision.Applied applied = (Decision.Applied) TaskEngine.decide(pending, assign("w1"), NOW);

        Task task = applied.next().task();
        assertThat(task.status()).isEqualTo(TaskStatus.ASSIGNED);
        assertThat(task.assignedWorker()).isEqualTo("w1");
        assertThat(task.updatedAt()).isEqualTo(NOW);
        assertThat(task.cost()).isEqualTo(2);
        assertThat(applied.next().ttlDeadline()).as("the TTL clock runs on").isEqualTo(pending.ttlDeadline());
        assertThat(applied.records()).extracting(r -> r.event().type(), r -> r.event().data())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TaskEvent.AUDIT_TYPE,
                        Json.mapper().readTree("{\"action\":\"assigned\",\"workerId\":\"w1\"}")));
    }

    @Test
    void shouldRefuseASecondAssignmentSoNoTaskIsHeldByTwoWorkers() {
        TaskState assigned = ((Decision.Applied) TaskEngine.decide(pending, assign("w1"), NOW)).next();

        Decision second = TaskEngine.decide(assigned, assign("w2"), NOW + 1);

        assertThat(second).isEqualTo(new Decision.Refused(409, "TASK_NOT_PENDING",
                "Task is not pending (status: assigned)"));
    }

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, mode = EnumSource.Mode.EXCLUDE, names = "PENDING")
    void shouldRefuseToAssignATaskThatIsNotPending(TaskStatus status) {
        TaskState other = new TaskState(TaskBuilder.from(pulled).status(status).build(), 0, Map.of(), null);

        assertThat(TaskEngine.decide(other, assign("w1"), NOW)).isInstanceOf(Decision.Refused.class);
    }

    @Test
    void shouldRefuseAWorkerTheTaskBlacklisted() {
        TaskState blacklisted = declined(true);

        assertThat(TaskEngine.decide(blacklisted, assign("w1"), NOW + 10))
                .isEqualTo(new Decision.Refused(409, "WORKER_BLACKLISTED",
                        "Worker w1 declined task " + ID + " with blacklist"));
        assertThat(TaskEngine.decide(blacklisted, assign("w2"), NOW + 10)).isInstanceOf(Decision.Applied.class);
    }

    @Test
    void shouldSendADeclinedTaskBackToPendingWithAStatusAndAnAuditEvent() {
        TaskState assigned = ((Decision.Applied) TaskEngine.decide(pending, assign("w1"), NOW)).next();

        Decision.Applied applied = (Decision.Applied) TaskEngine.decide(assigned,
                new DeclineTask("d1", ID, "w1", true), NOW + 5);

        Task task = applied.next().task();
        assertThat(task.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(task.assignedWorker()).isNull();
        assertThat(task.metadata()).isEqualTo(Json.mapper().readTree("{\"_blacklistedWorkers\":[\"w1\"]}"));
        assertThat(applied.records()).extracting(r -> r.event().type(), r -> r.event().index(),
                        r -> r.event().data().toString())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(TaskEvent.STATUS_TYPE, 1L, "{\"status\":\"pending\"}"),
                        org.assertj.core.groups.Tuple.tuple(TaskEvent.AUDIT_TYPE, 2L,
                                "{\"action\":\"declined\",\"workerId\":\"w1\",\"blacklisted\":true}"));
    }

    @Test
    void shouldKeepTheTasksMetadataAndListAWorkerOnceWhenItBlacklistsAgain() {
        Task withMetadata = TaskBuilder.from(pulled).metadata(Json.mapper().readTree(
                "{\"owner\":\"ann\",\"_blacklistedWorkers\":[\"w1\",7]}")).build();
        TaskState assigned = new TaskState(withMetadata.withWorker(TaskStatus.ASSIGNED, "w1",
                withMetadata.metadata(), NOW), 1, Map.of(), null);

        Task task = ((Decision.Applied) TaskEngine.decide(assigned, new DeclineTask("d1", ID, "w1", true), NOW))
                .next().task();

        assertThat(task.metadata()).isEqualTo(Json.mapper().readTree(
                "{\"owner\":\"ann\",\"_blacklistedWorkers\":[\"w1\",7]}"));
    }

    @Test
    void shouldLeaveATaskAsItIsWhenAnotherWorkerOrNobodyHoldsIt() {
        TaskState assigned = ((Decision.Applied) TaskEngine.decide(pending, assign("w1"), NOW)).next();

        assertThat(TaskEngine.decide(assigned, new DeclineTask("d1", ID, "w2", true), NOW + 5))
                .isEqualTo(new Decision.Applied(assigned, java.util.List.of()));
        assertThat(TaskEngine.decide(pending, new DeclineTask("d2", ID, "w1", false), NOW + 5))
                .isEqualTo(new Decision.Applied(pending, java.util.List.of()));
    }

    @Test
    void shouldForgetTheWorkerWhenATransitionSendsTheTaskBackToPending() {
        TaskState assigned = ((Decision.Applied) TaskEngine.decide(pending, assign("w1"), NOW)).next();

        Task task = ((Decision.Applied) TaskEngine.decide(assigned, new TransitionTask("t1", ID, TaskStatus.PENDING,
                null, null, null, null, null, null), NOW + 5)).next().task();

        assertThat(task.assignedWorker()).isNull();
    }

    @Test
    void shouldKeepTheWorkerOfARunningAndAFinishedTask() {
        TaskState assigned = ((Decision.Applied) TaskEngine.decide(pending, assign("w1"), NOW)).next();
        TaskState running = ((Decision.Applied) TaskEngine.decide(assigned, new TransitionTask("t1", ID,
                TaskStatus.RUNNING, null, null, null, null, null, null), NOW + 5)).next();
        TaskState done = ((Decision.Applied) TaskEngine.decide(running, new TransitionTask("t2", ID,
                TaskStatus.COMPLETED, null, null, null, null, null, null), NOW + 6)).next();

        assertThat(running.task().assignedWorker()).isEqualTo("w1");
        assertThat(done.task().assignedWorker()).isEqualTo("w1");
    }

    private TaskState declined(boolean blacklist) {
        TaskState assigned = ((Decision.Applied) TaskEngine.decide(pending, assign("w1"), NOW)).next();
        return ((Decision.Applied) TaskEngine.decide(assigned, new DeclineTask("d1", ID, "w1", blacklist), NOW + 5))
                .next();
    }

    private static AssignTask assign(String workerId) {
        return new AssignTask("a-" + workerId, ID, workerId, "poll-" + workerId);
    }
}
