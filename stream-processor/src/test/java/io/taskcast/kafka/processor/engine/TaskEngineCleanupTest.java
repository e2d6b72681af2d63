package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.processor.TaskBuilder;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.TimerKind;
import io.taskcast.kafka.schemas.cleanup.CleanupRule;
import io.taskcast.kafka.schemas.cleanup.CleanupRules;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;
import io.taskcast.kafka.schemas.command.CreateTask;
import io.taskcast.kafka.schemas.command.EventInput;
import io.taskcast.kafka.schemas.command.FireTimer;
import io.taskcast.kafka.schemas.command.PublishEvents;
import io.taskcast.kafka.schemas.command.TransitionTask;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Cleanup rules in the engine: when they come due, what they decide, and what a removed task answers. */
class TaskEngineCleanupTest {

    private static final String TASK_ID = "task-c";
    private static final long DONE = 1_000_000;
    private static final String EVENTS_AFTER_1S = "{'target':'events','trigger':{'afterMs':1000},"
            + "'eventFilter':{'levels':['debug']}}";
    private static final String TASK_AFTER_5S = "{'target':'task','trigger':{'afterMs':5000}}";

    @Test
    void shouldScheduleOneTimerPerDueTimeOfTheTaskAndConfiguredRules() {
        Cleanups cleanups = new Cleanups(rules(TASK_AFTER_5S, "{'target':'all','trigger':{'afterMs':9000}}"));

        assertThat(cleanups.pendingDueTimes(finished(EVENTS_AFTER_1S, TASK_AFTER_5S)))
                .containsExactly(DONE + 1000, DONE + 5000, DONE + 9000);
    }

    @Test
    void shouldScheduleNothingForALiveTaskOrARuleOfAnotherStatus() {
        Cleanups cleanups = new Cleanups(rules("{'target':'all','match':{'status':['failed']}}"));
        TaskState running = state(TaskBuilder.pending(TASK_ID, 0).status(TaskStatus.RUNNING)
                .cleanup(json("{'rules':[" + EVENTS_AFTER_1S + "]}")).build());

        assertThat(cleanups.pendingDueTimes(running)).isEmpty();
        assertThat(cleanups.pendingDueTimes(finished())).isEmpty();
    }

    @Test
    void shouldApplyTheRulesDueAtTheTimerAndKeepTheTaskForAnEventsRule() {
        TaskState current = finished(EVENTS_AFTER_1S, TASK_AFTER_5S);

        Decision decision = TaskEngine.decide(current, timer(DONE + 1000), DONE + 1001, Cleanups.none());

        TaskCleanup expected = new TaskCleanup(TASK_ID, DONE, rules(EVENTS_AFTER_1S));
        assertThat(decision).isEqualTo(new Decision.CleanedUp(
                new TaskState(current.task(), current.nextIndex(), Map.of(), null, DONE + 1000, false, Map.of(), false, null),
                expected));
        assertThat(Cleanups.none().pendingDueTimes(((Decision.CleanedUp) decision).next()))
                .containsExactly(DONE + 5000);
    }

    @Test
    void shouldLeaveOnlyAReservedMarkerWhenARuleRemovesTheTask() {
        TaskState current = finished(EVENTS_AFTER_1S, TASK_AFTER_5S).cleanedUpTo(DONE + 1000);

        Decision decision = TaskEngine.decide(current, timer(DONE + 5000), DONE + 5003, Cleanups.none());

        assertThat(decision).isInstanceOf(Decision.CleanedUp.class);
        Decision.CleanedUp cleaned = (Decision.CleanedUp) decision;
        assertThat(cleaned.cleanup()).isEqualTo(new TaskCleanup(TASK_ID, DONE, rules(TASK_AFTER_5S)));
        assertThat(cleaned.next().removed()).isTrue();
        assertThat(cleaned.next().task()).isEqualTo(new Task(TASK_ID, null, TaskStatus.COMPLETED, null, null, null,
                null, 0, DONE, DONE, null, null, null, null, null, null, null, null));
        assertThat(Cleanups.none().pendingDueTimes(cleaned.next())).isEmpty();
    }

    @Test
    void shouldApplyConfiguredRulesAfterTheTasksOwn() {
        TaskState current = finished(EVENTS_AFTER_1S);
        Cleanups configured = new Cleanups(rules("{'target':'events','trigger':{'afterMs':1000},'name':'cfg'}"));

        Decision decision = TaskEngine.decide(current, timer(DONE + 1000), DONE + 1000, configured);

        assertThat(((Decision.CleanedUp) decision).cleanup().rules()).extracting(CleanupRule::name)
                .containsExactly(null, "cfg");
    }

    @Test
    void shouldIgnoreACleanupTimerWithNothingDue() {
        TaskState current = finished(EVENTS_AFTER_1S).cleanedUpTo(DONE + 1000);

        assertThat(TaskEngine.decide(current, timer(DONE + 1000), DONE + 2000, Cleanups.none()))
                .isInstanceOf(Decision.Ignored.class);
        assertThat(TaskEngine.decide(finished(EVENTS_AFTER_1S), timer(DONE + 999), DONE + 2000, Cleanups.none()))
                .isInstanceOf(Decision.Ignored.class);
    }

    @Test
    void shouldAnswerNotFoundForARemovedTaskAndKeepItsIdReserved() {
        TaskState removed = finished(TASK_AFTER_5S).removedAt(DONE + 5000);

        assertThat(TaskEngine.decide(removed, new TransitionTask("c1", TASK_ID, TaskStatus.RUNNING, null, null, null,
                null, null, null), DONE + 6000)).isEqualTo(Rejections.notFound(TASK_ID));
        assertThat(TaskEngine.decide(removed, new PublishEvents("c2", TASK_ID,
                List.of(new EventInput("log", null, null, null, null, null))), DONE + 6000))
                .isEqualTo(Rejections.notFound(TASK_ID));
        assertThat(TaskEngine.decide(removed, new CreateTask("c3", TASK_ID, null, null, null, null, null, null, null,
                null), DONE + 6000)).isEqualTo(Rejections.alreadyExists(TASK_ID));
        assertThat(TaskEngine.decide(removed, timer(DONE + 5000), DONE + 6000)).isInstanceOf(Decision.Ignored.class);
    }

    private static TaskState finished(String... taskRules) {
        return state(TaskBuilder.pending(TASK_ID, 0).type("llm.chat").status(TaskStatus.COMPLETED).updatedAt(DONE)
                .completedAt(DONE).cleanup(taskRules.length == 0 ? null
                        : json("{'rules':[" + String.join(",", taskRules) + "]}")).build());
    }

    private static TaskState state(Task task) {
        return new TaskState(task, 7, Map.of(), null);
    }

    private static FireTimer timer(long dueAt) {
        return new FireTimer("timer:cleanup:" + dueAt + ":" + TASK_ID, TASK_ID, TimerKind.CLEANUP, dueAt);
    }

    private static List<CleanupRule> rules(String... rules) {
        return CleanupRules.fromJson(("[" + String.join(",", rules) + "]").replace('\'', '"'), "rules");
    }

    private static tools.jackson.databind.JsonNode json(String text) {
        return Json.mapper().readTree(text.replace('\'', '"'));
    }
}
