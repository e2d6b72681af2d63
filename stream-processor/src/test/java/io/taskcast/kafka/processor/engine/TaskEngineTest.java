package io.taskcast.kafka.processor.engine;

import com.github.f4b6a3.ulid.Ulid;
import io.taskcast.kafka.processor.TaskBuilder;
import io.taskcast.kafka.schemas.AssignMode;
import io.taskcast.kafka.schemas.BlockedRequest;
import io.taskcast.kafka.schemas.DisconnectPolicy;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskError;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.TimerKind;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CreateTask;
import io.taskcast.kafka.schemas.command.EventInput;
import io.taskcast.kafka.schemas.command.FireTimer;
import io.taskcast.kafka.schemas.command.PublishEvents;
import io.taskcast.kafka.schemas.command.ResolveTask;
import io.taskcast.kafka.schemas.command.TransitionTask;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static io.taskcast.kafka.schemas.TaskStatus.ASSIGNED;
import static io.taskcast.kafka.schemas.TaskStatus.BLOCKED;
import static io.taskcast.kafka.schemas.TaskStatus.CANCELLED;
import static io.taskcast.kafka.schemas.TaskStatus.COMPLETED;
import static io.taskcast.kafka.schemas.TaskStatus.FAILED;
import static io.taskcast.kafka.schemas.TaskStatus.PAUSED;
import static io.taskcast.kafka.schemas.TaskStatus.PENDING;
import static io.taskcast.kafka.schemas.TaskStatus.RUNNING;
import static io.taskcast.kafka.schemas.TaskStatus.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The engine as a pure function (api.md §2, §3, §5): what a command does to a task's state and which
 * events it emits, with no Kafka around it. Expected values are spelled out field by field; event ids
 * come from {@link EventIds}, whose own properties are pinned in {@link Publish}.
 */
class TaskEngineTest {

    private static final String TASK_ID = "task-1";
    /** A fixed past instant, so a time taken from the wall clock could not pass for it. */
    private static final long T0 = 1_600_000_000_123L;
    /** When the given task last changed. */
    private static final long T1 = T0 + 1_000;
    /** When the command under test is processed. */
    private static final long NOW = T0 + 60_000;
    /** The index the given task's next event gets: it already has three. */
    private static final long NEXT = 3;
    private static final JsonNode PARAMS = json("{'prompt':'Summarise the report'}");
    private static final String ULID = "[0-9A-HJKMNP-TV-Z]{26}";

    /** api.md §2, copied here so the engine's own table cannot be its own oracle. */
    private static final Map<TaskStatus, Set<TaskStatus>> ALLOWED = Map.of(
            PENDING, EnumSet.of(ASSIGNED, RUNNING, PAUSED, TIMEOUT, CANCELLED),
            ASSIGNED, EnumSet.of(PENDING, RUNNING, PAUSED, TIMEOUT, CANCELLED),
            RUNNING, EnumSet.of(PAUSED, BLOCKED, COMPLETED, FAILED, TIMEOUT, CANCELLED),
            PAUSED, EnumSet.of(ASSIGNED, RUNNING, BLOCKED, TIMEOUT, CANCELLED),
            BLOCKED, EnumSet.of(ASSIGNED, RUNNING, PAUSED, FAILED, TIMEOUT, CANCELLED));

    // --- create ---------------------------------------------------------------------------------

    @Nested
    class Create {

        @Test
        void shouldCreatePendingTaskWithEveryGivenFieldAndStartItsTtlClock() {
            // given
            JsonNode metadata = json("{'tenant':'acme'}");
            JsonNode authConfig = json("{'rules':[{'match':{'scope':['event:subscribe']}}]}");
            JsonNode webhooks = json("[{'url':'https://hooks.example.com/taskcast'}]");
            JsonNode cleanup = json("{'rules':[{'trigger':{'afterMs':60000},'target':'events'}]}");
            CreateTask create = new CreateTask("cmd-1", TASK_ID, "llm.chat", PARAMS, metadata, 3600, authConfig,
                    webhooks, cleanup, List.of("llm", "batch"));

            // when
            Decision decision = TaskEngine.decide(null, create, T0);

            // then
            Task expected = TaskBuilder.pending(TASK_ID, T0).type("llm.chat").params(PARAMS).metadata(metadata)
                    .ttl(3600).authConfig(authConfig).webhooks(webhooks).cleanup(cleanup).tags(List.of("llm", "batch"))
                    .build();
            assertThat(decision).isEqualTo(
                    new Decision.Applied(new TaskState(expected, 0, Map.of(), T0 + 3_600_000), List.of()));
        }

        @Test
        void shouldCreateATaskWithItsWorkerFieldsAndKeepThemThroughItsTransitions() {
            // given
            CreateTask create = new CreateTask("cmd-1", TASK_ID, null, null, null, null, null, null, null, null,
                    AssignMode.PULL, 4, "w-9", DisconnectPolicy.MARK);

            // when
            Task created = ((Decision.Applied) TaskEngine.decide(null, create, T0)).next().task();
            Task running = ((Decision.Applied) TaskEngine.decide(state(created),
                    transition("cmd-2", TaskStatus.RUNNING), NOW)).next().task();

            // then
            for (Task task : List.of(created, running)) {
                assertThat(task).extracting(Task::assignMode, Task::cost, Task::assignedWorker, Task::disconnectPolicy)
                        .containsExactly(AssignMode.PULL, 4, "w-9", DisconnectPolicy.MARK);
            }
        }

        @Test
        void shouldCreatePendingTaskWithoutClockFromRequiredFieldsOnly() {
            // given
            CreateTask create = new CreateTask("cmd-1", TASK_ID, null, null, null, null, null, null, null, null);

            // when
            Decision decision = TaskEngine.decide(null, create, T0);

            // then
            assertThat(decision).isEqualTo(new Decision.Applied(
                    new TaskState(TaskBuilder.pending(TASK_ID, T0).build(), 0, Map.of(), null), List.of()));
        }

        @ParameterizedTest(name = "existing task {0}")
        @EnumSource(TaskStatus.class)
        void shouldRejectDuplicateCreateWith409(TaskStatus status) {
            // given
            TaskState existing = state(given(status));
            CreateTask again = new CreateTask("cmd-9", TASK_ID, "other.type", null, null, 60, null, null, null, null);

            // when
            Decision decision = TaskEngine.decide(existing, again, NOW);

            // then
            assertThat(decision).isEqualTo(
                    new Decision.Refused(409, "TASK_ALREADY_EXISTS", "Task already exists: " + TASK_ID));
        }
    }

    // --- the state machine ------------------------------------------------------------------------

    @Nested
    class StateMachine {

        static Stream<Arguments> allowedMoves() {
            return allPairs().filter(a -> isAllowed(a));
        }

        static Stream<Arguments> forbiddenMoves() {
            return allPairs().filter(a -> !isAllowed(a));
        }

        @Test
        void shouldCoverEveryPairOfStatuses() {
            assertThat(allowedMoves().count()).isEqualTo(27);
            assertThat(forbiddenMoves().count()).isEqualTo(81 - 27);
        }

        @ParameterizedTest(name = "{0} → {1}")
        @MethodSource("allowedMoves")
        void shouldMoveTaskAndEmitOneStatusEventForAllowedTransition(TaskStatus from, TaskStatus to) {
            // given
            TaskState current = state(given(from));

            // when
            Decision decision = TaskEngine.decide(current, transition("cmd-2", to), NOW);

            // then
            Task expected = TaskBuilder.from(current.task()).status(to).updatedAt(NOW)
                    .completedAt(to.isTerminal() ? NOW : null).build();
            assertThat(decision).isEqualTo(new Decision.Applied(new TaskState(expected, NEXT + 1, Map.of(), null),
                    List.of(EventRecord.plain(statusEvent("cmd-2", 0, NEXT, NOW, "{'status':'" + to.wireName() + "'}")))));
        }

        @ParameterizedTest(name = "{0} → {1}")
        @MethodSource("forbiddenMoves")
        void shouldRefuseForbiddenTransitionWith409(TaskStatus from, TaskStatus to) {
            // given
            TaskState current = state(given(from));

            // when
            Decision decision = TaskEngine.decide(current, transition("cmd-2", to), NOW);

            // then
            assertThat(decision).isEqualTo(new Decision.Refused(409, "INVALID_TRANSITION",
                    "Invalid transition: " + from.wireName() + " \u2192 " + to.wireName()));
        }

        @Test
        void shouldNameBothStatusesWithAnArrowWhenRefusing() {
            // given
            TaskState current = state(given(RUNNING));

            // when
            Decision decision = TaskEngine.decide(current, transition("cmd-2", PENDING), NOW);

            // then the exact message of api.md §5
            assertThat(decision).isEqualTo(
                    new Decision.Refused(409, "INVALID_TRANSITION", "Invalid transition: running → pending"));
        }

        @Test
        void shouldRefuseTransitionOfMissingTaskWith404() {
            // when
            Decision decision = TaskEngine.decide(null, transition("cmd-2", RUNNING), NOW);

            // then
            assertThat(decision).isEqualTo(new Decision.Refused(404, "TASK_NOT_FOUND", "Task not found: " + TASK_ID));
        }

        @Test
        void shouldLetOnlyTheFirstOfTwoTerminalTransitionsWin() {
            // given
            TaskState running = state(given(RUNNING));
            TaskState completed = applied(TaskEngine.decide(running, transition("cmd-2", COMPLETED), NOW)).next();

            // when
            Decision second = TaskEngine.decide(completed, transition("cmd-3", COMPLETED), NOW + 1);

            // then
            assertThat(second).isEqualTo(new Decision.Refused(409, "INVALID_TRANSITION",
                    "Invalid transition: completed → completed"));
        }

        private static Stream<Arguments> allPairs() {
            return Arrays.stream(TaskStatus.values())
                    .flatMap(from -> Arrays.stream(TaskStatus.values()).map(to -> Arguments.of(from, to)));
        }

        private static boolean isAllowed(Arguments pair) {
            Object[] a = pair.get();
            return ALLOWED.getOrDefault((TaskStatus) a[0], Set.of()).contains((TaskStatus) a[1]);
        }
    }

    @Nested
    class PayloadRules {

        @Test
        void shouldReplaceResultAndErrorFromPayloadAndShowTheNewOnesInTheStatusEvent() {
            // given
            TaskState current = state(TaskBuilder.from(given(RUNNING)).result(json("{'draft':1}"))
                    .error(new TaskError("E_RETRY", "Retrying", null)).build());
            TaskError error = new TaskError("E_QUOTA", "Quota exceeded", json("{'limit':100}"));
            TransitionTask fail = new TransitionTask("cmd-2", TASK_ID, FAILED, json("{'partial':true}"), error,
                    null, null, null, null);

            // when
            Decision decision = TaskEngine.decide(current, fail, NOW);

            // then
            Task expected = TaskBuilder.from(current.task()).status(FAILED).updatedAt(NOW).completedAt(NOW)
                    .result(json("{'partial':true}")).error(error).build();
            assertThat(decision).isEqualTo(new Decision.Applied(new TaskState(expected, NEXT + 1, Map.of(), null),
                    List.of(EventRecord.plain(statusEvent("cmd-2", 0, NEXT, NOW,
                            "{'status':'failed','result':{'partial':true},"
                                    + "'error':{'code':'E_QUOTA','message':'Quota exceeded','details':{'limit':100}}}")))));
        }

        @Test
        void shouldKeepResultAndErrorWhenPayloadHasNone() {
            // given
            TaskError error = new TaskError(null, "Transient", null);
            TaskState current = state(TaskBuilder.from(given(RUNNING)).result(json("{'draft':1}")).error(error).build());

            // when
            Decision decision = TaskEngine.decide(current, transition("cmd-2", PAUSED), NOW);

            // then
            Task expected = TaskBuilder.from(current.task()).status(PAUSED).updatedAt(NOW).build();
            assertThat(decision).isEqualTo(new Decision.Applied(new TaskState(expected, NEXT + 1, Map.of(), null),
                    List.of(EventRecord.plain(statusEvent("cmd-2", 0, NEXT, NOW,
                            "{'status':'paused','result':{'draft':1},'error':{'message':'Transient'}}")))));
        }

        @ParameterizedTest(name = "running → {0}")
        @EnumSource(value = TaskStatus.class, names = {"PAUSED", "BLOCKED"})
        void shouldStoreReasonWhenEnteringPausedOrBlocked(TaskStatus to) {
            // given
            TaskState current = state(given(RUNNING));
            TransitionTask hold = new TransitionTask("cmd-2", TASK_ID, to, null, null, "waiting for quota",
                    null, null, null);

            // when
            Task next = applied(TaskEngine.decide(current, hold, NOW)).next().task();

            // then
            assertThat(next).isEqualTo(TaskBuilder.from(current.task()).status(to).updatedAt(NOW)
                    .reason("waiting for quota").build());
        }

        @ParameterizedTest(name = "running → {0}")
        @EnumSource(value = TaskStatus.class, names = {"COMPLETED", "FAILED", "TIMEOUT", "CANCELLED"})
        void shouldNotStoreReasonOutsidePausedOrBlocked(TaskStatus to) {
            // given
            TaskState current = state(given(RUNNING));
            TransitionTask move = new TransitionTask("cmd-2", TASK_ID, to, null, null, "done early", null, null, null);

            // when
            Task next = applied(TaskEngine.decide(current, move, NOW)).next().task();

            // then
            assertThat(next.reason()).isNull();
        }

        @ParameterizedTest(name = "paused → {0}")
        @EnumSource(value = TaskStatus.class, names = {"ASSIGNED", "RUNNING", "TIMEOUT", "CANCELLED"})
        void shouldDropReasonOnLeavingPaused(TaskStatus to) {
            // given
            TaskState current = state(TaskBuilder.from(given(PAUSED)).reason("waiting for quota").build());

            // when
            Task next = applied(TaskEngine.decide(current, transition("cmd-2", to), NOW)).next().task();

            // then
            assertThat(next).isEqualTo(TaskBuilder.from(current.task()).status(to).updatedAt(NOW)
                    .completedAt(to.isTerminal() ? NOW : null).reason(null).build());
        }

        @Test
        void shouldStoreBlockedRequestAndResumeTimeWhenEnteringBlocked() {
            // given
            TaskState current = state(given(RUNNING));
            BlockedRequest request = new BlockedRequest("approval", json("{'question':'Deploy to prod?'}"));
            TransitionTask block = new TransitionTask("cmd-2", TASK_ID, BLOCKED, null, null, "needs approval",
                    null, 30_000L, request);

            // when
            Decision decision = TaskEngine.decide(current, block, NOW);

            // then
            Task expected = TaskBuilder.from(current.task()).status(BLOCKED).updatedAt(NOW).reason("needs approval")
                    .resumeAt(NOW + 30_000).blockedRequest(request).build();
            assertThat(decision).isEqualTo(new Decision.Applied(new TaskState(expected, NEXT + 1, Map.of(), null),
                    List.of(EventRecord.plain(statusEvent("cmd-2", 0, NEXT, NOW, "{'status':'blocked'}")))));
        }

        @Test
        void shouldLeaveResumeTimeUnsetWhenBlockingWithoutResumeAfter() {
            // given
            TaskState current = state(given(RUNNING));
            BlockedRequest request = new BlockedRequest("input", null);
            TransitionTask block = new TransitionTask("cmd-2", TASK_ID, BLOCKED, null, null, null, null, null, request);

            // when
            Task next = applied(TaskEngine.decide(current, block, NOW)).next().task();

            // then
            assertThat(next).isEqualTo(TaskBuilder.from(current.task()).status(BLOCKED).updatedAt(NOW)
                    .blockedRequest(request).build());
        }

        @ParameterizedTest(name = "blocked → {0}")
        @EnumSource(value = TaskStatus.class, names = {"ASSIGNED", "RUNNING", "PAUSED", "FAILED", "TIMEOUT", "CANCELLED"})
        void shouldClearBlockedRequestResumeTimeAndReasonOnLeavingBlocked(TaskStatus to) {
            // given
            TaskState current = state(blockedTask(NOW + 30_000));

            // when
            Task next = applied(TaskEngine.decide(current, transition("cmd-2", to), NOW)).next().task();

            // then
            assertThat(next).isEqualTo(TaskBuilder.from(current.task()).status(to).updatedAt(NOW)
                    .completedAt(to.isTerminal() ? NOW : null).reason(null).resumeAt(null).blockedRequest(null)
                    .build());
        }

        @Test
        void shouldIgnoreResumeAfterOutsideBlocked() {
            // given
            TaskState current = state(given(RUNNING));
            TransitionTask pause = new TransitionTask("cmd-2", TASK_ID, PAUSED, null, null, null, null, 5_000L,
                    new BlockedRequest("approval", null));

            // when
            Task next = applied(TaskEngine.decide(current, pause, NOW)).next().task();

            // then
            assertThat(next).isEqualTo(TaskBuilder.from(current.task()).status(PAUSED).updatedAt(NOW).build());
        }
    }

    // --- TTL clock --------------------------------------------------------------------------------

    @Nested
    class TtlClock {

        private static final long DEADLINE = T0 + 3_600_000;

        @ParameterizedTest(name = "{0} → {1}")
        @MethodSource("movesThatKeepTheClock")
        void shouldKeepTheDeadlineAcrossTransitionsThatNeitherPauseNorEnd(TaskStatus from, TaskStatus to) {
            // given
            TaskState current = clocked(given(from), 3600, DEADLINE);

            // when
            TaskState next = applied(TaskEngine.decide(current, transition("cmd-2", to), NOW)).next();

            // then
            assertThat(next.ttlDeadline()).isEqualTo(DEADLINE);
            assertThat(next.task().ttl()).isEqualTo(3600);
        }

        static Stream<Arguments> movesThatKeepTheClock() {
            return Stream.of(Arguments.of(PENDING, ASSIGNED), Arguments.of(PENDING, RUNNING),
                    Arguments.of(ASSIGNED, PENDING), Arguments.of(ASSIGNED, RUNNING), Arguments.of(RUNNING, BLOCKED),
                    Arguments.of(BLOCKED, RUNNING), Arguments.of(BLOCKED, ASSIGNED));
        }

        @ParameterizedTest(name = "{0} → paused")
        @EnumSource(value = TaskStatus.class, names = {"PENDING", "ASSIGNED", "RUNNING", "BLOCKED"})
        void shouldStopTheClockWhilePaused(TaskStatus from) {
            // given
            TaskState current = clocked(given(from), 3600, DEADLINE);

            // when
            TaskState next = applied(TaskEngine.decide(current, transition("cmd-2", PAUSED), NOW)).next();

            // then
            assertThat(next.ttlDeadline()).isNull();
            assertThat(next.task().ttl()).isEqualTo(3600);
        }

        @ParameterizedTest(name = "paused → {0}")
        @EnumSource(value = TaskStatus.class, names = {"ASSIGNED", "RUNNING", "BLOCKED"})
        void shouldRestartTheFullTtlOnLeavingPaused(TaskStatus to) {
            // given
            TaskState current = clocked(given(PAUSED), 3600, null);

            // when
            TaskState next = applied(TaskEngine.decide(current, transition("cmd-2", to), NOW)).next();

            // then
            assertThat(next.ttlDeadline()).isEqualTo(NOW + 3_600_000);
        }

        @ParameterizedTest(name = "running → {0}")
        @EnumSource(value = TaskStatus.class, names = {"COMPLETED", "FAILED", "TIMEOUT", "CANCELLED"})
        void shouldStopTheClockForGoodInATerminalStatus(TaskStatus to) {
            // given
            TaskState current = clocked(given(RUNNING), 3600, DEADLINE);

            // when
            TaskState next = applied(TaskEngine.decide(current, transition("cmd-2", to), NOW)).next();

            // then
            assertThat(next.ttlDeadline()).isNull();
        }

        @Test
        void shouldReplaceTtlAndRestartTheClockWhenPayloadBringsOne() {
            // given
            TaskState current = clocked(given(RUNNING), 3600, DEADLINE);
            TransitionTask block = new TransitionTask("cmd-2", TASK_ID, BLOCKED, null, null, null, 30, null, null);

            // when
            TaskState next = applied(TaskEngine.decide(current, block, NOW)).next();

            // then
            assertThat(next.task()).isEqualTo(TaskBuilder.from(current.task()).status(BLOCKED).updatedAt(NOW)
                    .ttl(30).build());
            assertThat(next.ttlDeadline()).isEqualTo(NOW + 30_000);
        }

        @Test
        void shouldStartAClockWhenPayloadGivesTheFirstTtl() {
            // given a task created without ttl
            TaskState current = state(given(PENDING));
            TransitionTask start = new TransitionTask("cmd-2", TASK_ID, RUNNING, null, null, null, 5, null, null);

            // when
            TaskState next = applied(TaskEngine.decide(current, start, NOW)).next();

            // then
            assertThat(next.task().ttl()).isEqualTo(5);
            assertThat(next.ttlDeadline()).isEqualTo(NOW + 5_000);
        }

        @Test
        void shouldStoreNewTtlWhilePausingAndRunItOnlyAfterLeavingPaused() {
            // given
            TaskState running = clocked(given(RUNNING), 3600, DEADLINE);
            TransitionTask pause = new TransitionTask("cmd-2", TASK_ID, PAUSED, null, null, null, 30, null, null);
            TaskState paused = applied(TaskEngine.decide(running, pause, NOW)).next();

            // when
            TaskState resumed = applied(TaskEngine.decide(paused, transition("cmd-3", RUNNING), NOW + 10_000)).next();

            // then
            assertThat(paused.task().ttl()).isEqualTo(30);
            assertThat(paused.ttlDeadline()).isNull();
            assertThat(resumed.ttlDeadline()).isEqualTo(NOW + 10_000 + 30_000);
        }

        @Test
        void shouldRunNoClockForTaskWithoutTtl() {
            // given
            TaskState created = applied(TaskEngine.decide(null,
                    new CreateTask("cmd-1", TASK_ID, null, null, null, null, null, null, null, null), T0)).next();

            // when
            TaskState running = applied(TaskEngine.decide(created, transition("cmd-2", RUNNING), NOW)).next();
            TaskState paused = applied(TaskEngine.decide(running, transition("cmd-3", PAUSED), NOW + 1)).next();
            TaskState resumed = applied(TaskEngine.decide(paused, transition("cmd-4", RUNNING), NOW + 2)).next();

            // then
            assertThat(List.of(created, running, paused, resumed)).extracting(TaskState::ttlDeadline)
                    .containsOnlyNulls();
        }

        @Test
        void shouldNotTouchTheClockWhenPublishing() {
            // given
            TaskState current = clocked(given(RUNNING), 3600, DEADLINE);

            // when
            TaskState next = applied(TaskEngine.decide(current, publish("cmd-2", input("log", "{'line':1}")), NOW))
                    .next();

            // then
            assertThat(next.ttlDeadline()).isEqualTo(DEADLINE);
        }

        private static TaskState clocked(Task task, int ttl, Long deadline) {
            return new TaskState(TaskBuilder.from(task).ttl(ttl).build(), NEXT, Map.of(), deadline);
        }
    }

    // --- publish ----------------------------------------------------------------------------------

    @Nested
    class Publish {

        @Test
        void shouldAppendOneEventAtTheNextIndexWithInfoLevelByDefault() {
            // given
            TaskState current = state(given(RUNNING));
            EventInput input = new EventInput("llm.delta", null, json("{'text':'Hel'}"), null, null, null);

            // when
            Decision decision = TaskEngine.decide(current, publish("cmd-2", input), NOW);

            // then the task itself is unchanged
            TaskEvent expected = new TaskEvent(EventIds.of("cmd-2", 0, NOW), TASK_ID, NEXT, NOW, "llm.delta",
                    Level.INFO, json("{'text':'Hel'}"), null, null, null, null);
            assertThat(decision).isEqualTo(new Decision.Applied(new TaskState(current.task(), NEXT + 1, Map.of(), null),
                    List.of(EventRecord.plain(expected))));
        }

        @Test
        void shouldAppendABatchInOrderAtContiguousIndexes() {
            // given
            TaskState current = state(given(RUNNING));
            List<EventInput> batch = List.of(
                    new EventInput("log", Level.WARN, json("{'line':'disk almost full'}"), null, null, null),
                    new EventInput("progress", Level.DEBUG, json("[1,2,3]"), null, null, null),
                    new EventInput("marker", null, json("null"), null, null, null));

            // when
            Decision decision = TaskEngine.decide(current, new PublishEvents("cmd-2", TASK_ID, batch), NOW);

            // then
            assertThat(decision).isEqualTo(new Decision.Applied(new TaskState(current.task(), NEXT + 3, Map.of(), null),
                    List.of(EventRecord.plain(new TaskEvent(EventIds.of("cmd-2", 0, NOW), TASK_ID, NEXT, NOW, "log",
                                    Level.WARN, json("{'line':'disk almost full'}"), null, null, null, null)),
                            EventRecord.plain(new TaskEvent(EventIds.of("cmd-2", 1, NOW), TASK_ID, NEXT + 1, NOW,
                                    "progress", Level.DEBUG, json("[1,2,3]"), null, null, null, null)),
                            EventRecord.plain(new TaskEvent(EventIds.of("cmd-2", 2, NOW), TASK_ID, NEXT + 2, NOW,
                                    "marker", Level.INFO, json("null"), null, null, null, null)))));
        }

        @Test
        void shouldNumberEventsContiguouslyAcrossBatchesAndStatusEvents() {
            // given a fresh task
            List<Command> script = List.of(
                    transition("cmd-2", RUNNING),
                    publish("cmd-3", input("log", "{'n':1}"), input("log", "{'n':2}")),
                    transition("cmd-4", PAUSED),
                    publish("cmd-5", input("log", "{'n':3}")),
                    transition("cmd-6", RUNNING),
                    publish("cmd-7", input("log", "{'n':4}"), input("log", "{'n':5}"), input("log", "{'n':6}")),
                    transition("cmd-8", COMPLETED));
            TaskState state = applied(TaskEngine.decide(null,
                    new CreateTask("cmd-1", TASK_ID, null, null, null, null, null, null, null, null), T0)).next();

            // when
            List<TaskEvent> emitted = new ArrayList<>();
            long time = T0;
            for (Command command : script) {
                Decision.Applied applied = applied(TaskEngine.decide(state, command, ++time));
                applied.records().forEach(r -> emitted.add(r.event()));
                state = applied.next();
            }

            // then
            assertThat(emitted).extracting(TaskEvent::index).containsExactlyElementsOf(
                    LongStream.range(0, 10).boxed().toList());
            assertThat(emitted).extracting(TaskEvent::type).containsExactly("taskcast:status", "log", "log",
                    "taskcast:status", "log", "taskcast:status", "log", "log", "log", "taskcast:status");
            assertThat(emitted).extracting(TaskEvent::id).doesNotHaveDuplicates();
            assertThat(state.nextIndex()).isEqualTo(10);
        }

        @Test
        void shouldGiveEventsUlidIdsWhoseTimeIsTheCommandTime() {
            // given
            TaskState current = state(given(RUNNING));

            // when
            Decision.Applied applied = applied(TaskEngine.decide(current,
                    publish("cmd-2", input("a", "1"), input("b", "2"), input("c", "3")), NOW));

            // then
            assertThat(applied.records()).extracting(r -> r.event().id())
                    .allSatisfy(id -> {
                        assertThat(id).hasSize(26).matches(ULID);
                        assertThat(Ulid.from(id).getTime()).isEqualTo(NOW);
                    })
                    .doesNotHaveDuplicates();
            assertThat(applied.records()).extracting(r -> r.event().timestamp()).containsOnly(NOW);
        }

        @Test
        void shouldDeriveTheSameIdsFromTheSameCommand() {
            // given
            TaskState current = state(given(RUNNING));
            PublishEvents command = publish("cmd-2", input("a", "1"), input("b", "2"));

            // when
            Decision first = TaskEngine.decide(current, command, NOW);
            Decision retried = TaskEngine.decide(current, command, NOW);

            // then
            assertThat(retried).isEqualTo(first);
        }

        @Test
        void shouldDeriveDifferentIdsFromDifferentCommandsOrPositions() {
            // given
            TaskState current = state(given(RUNNING));

            // when
            List<String> one = ids(TaskEngine.decide(current, publish("cmd-2", input("a", "1"), input("a", "1")), NOW));
            List<String> other = ids(TaskEngine.decide(current, publish("cmd-3", input("a", "1"), input("a", "1")), NOW));

            // then
            assertThat(one).doesNotHaveDuplicates();
            assertThat(other).doesNotHaveDuplicates().doesNotContainAnyElementsOf(one);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = TaskStatus.class, names = {"PENDING", "ASSIGNED", "RUNNING", "PAUSED", "BLOCKED"})
        void shouldAllowPublishingInEveryNonTerminalStatus(TaskStatus status) {
            // given
            TaskState current = state(given(status));

            // when
            Decision decision = TaskEngine.decide(current, publish("cmd-2", input("log", "{'n':1}")), NOW);

            // then
            assertThat(decision).isEqualTo(new Decision.Applied(new TaskState(current.task(), NEXT + 1, Map.of(), null),
                    List.of(EventRecord.plain(new TaskEvent(EventIds.of("cmd-2", 0, NOW), TASK_ID, NEXT, NOW, "log",
                            Level.INFO, json("{'n':1}"), null, null, null, null)))));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = TaskStatus.class, names = {"COMPLETED", "FAILED", "TIMEOUT", "CANCELLED"})
        void shouldRefusePublishingToTerminalTaskWith400(TaskStatus status) {
            // given
            TaskState current = state(given(status));

            // when
            Decision decision = TaskEngine.decide(current, publish("cmd-2", input("log", "{'n':1}")), NOW);

            // then
            assertThat(decision).isEqualTo(new Decision.Refused(400, "TASK_TERMINAL",
                    "Cannot publish to task in terminal status: " + status.wireName()));
        }

        @Test
        void shouldSayCompletedInTheTerminalRefusalOfApiMd() {
            // when
            Decision decision = TaskEngine.decide(state(given(COMPLETED)), publish("cmd-2", input("log", "1")), NOW);

            // then
            assertThat(decision).isEqualTo(new Decision.Refused(400, "TASK_TERMINAL",
                    "Cannot publish to task in terminal status: completed"));
        }

        @Test
        void shouldRefusePublishingToMissingTaskWith404() {
            // when
            Decision decision = TaskEngine.decide(null, publish("cmd-2", input("log", "1")), NOW);

            // then
            assertThat(decision).isEqualTo(new Decision.Refused(404, "TASK_NOT_FOUND", "Task not found: " + TASK_ID));
        }

        private static List<String> ids(Decision decision) {
            return applied(decision).records().stream().map(r -> r.event().id()).toList();
        }
    }

    // --- series folding ---------------------------------------------------------------------------

    @Nested
    class Series {

        @Test
        void shouldTreatKeepAllSeriesEventAsPlainEvent() {
            // given
            TaskState current = state(given(RUNNING));
            EventInput input = new EventInput("log", null, json("{'line':'a'}"), "logs", SeriesMode.KEEP_ALL, null);

            // when
            Decision decision = TaskEngine.decide(current, publish("cmd-2", input), NOW);

            // then
            assertThat(decision).isEqualTo(new Decision.Applied(new TaskState(current.task(), NEXT + 1, Map.of(), null),
                    List.of(EventRecord.plain(new TaskEvent(EventIds.of("cmd-2", 0, NOW), TASK_ID, NEXT, NOW, "log",
                            Level.INFO, json("{'line':'a'}"), "logs", SeriesMode.KEEP_ALL, null, null)))));
        }

        @Test
        void shouldNotFoldEventsThatLackSeriesIdOrMode() {
            // given
            TaskState current = state(given(RUNNING));

            // when
            Decision.Applied applied = applied(TaskEngine.decide(current, new PublishEvents("cmd-2", TASK_ID, List.of(
                    new EventInput("llm.delta", null, json("{'delta':'a'}"), null, SeriesMode.ACCUMULATE, null),
                    new EventInput("llm.delta", null, json("{'delta':'b'}"), "answer", null, null))), NOW));

            // then
            assertThat(applied.records()).extracting(EventRecord::accumulated, EventRecord::replacesIndex)
                    .containsOnly(tuple(null, null));
            assertThat(applied.next().series()).isEmpty();
        }

        @Test
        void shouldAccumulateDeltasWhilePublishingEachRawDelta() {
            // given
            TaskState state = state(given(RUNNING));
            List<EventRecord> records = new ArrayList<>();

            // when chunk1..chunk5 arrive one command each
            for (int i = 1; i <= 5; i++) {
                Decision.Applied applied = applied(TaskEngine.decide(state,
                        publish("cmd-a" + i, delta("answer", null, "{'delta':'chunk" + i + "'}")), NOW + i));
                records.addAll(applied.records());
                state = applied.next();
            }

            // then the last record carries the raw delta and the running total with its own id and index
            TaskEvent raw = new TaskEvent(EventIds.of("cmd-a5", 0, NOW + 5), TASK_ID, NEXT + 4, NOW + 5, "llm.delta",
                    Level.INFO, json("{'delta':'chunk5'}"), "answer", SeriesMode.ACCUMULATE, null, null);
            TaskEvent total = new TaskEvent(raw.id(), TASK_ID, NEXT + 4, NOW + 5, "llm.delta", Level.INFO,
                    json("{'delta':'chunk1chunk2chunk3chunk4chunk5'}"), "answer", SeriesMode.ACCUMULATE, null, null);
            assertThat(records.get(4)).isEqualTo(new EventRecord(raw, total, null));
            assertThat(records).extracting(r -> r.event().data())
                    .containsExactly(json("{'delta':'chunk1'}"), json("{'delta':'chunk2'}"), json("{'delta':'chunk3'}"),
                            json("{'delta':'chunk4'}"), json("{'delta':'chunk5'}"));
            assertThat(records).extracting(r -> r.accumulated().data().get("delta").asString())
                    .containsExactly("chunk1", "chunk1chunk2", "chunk1chunk2chunk3", "chunk1chunk2chunk3chunk4",
                            "chunk1chunk2chunk3chunk4chunk5");
            assertThat(state.series()).isEqualTo(Map.of("answer", total));
            assertThat(state.nextIndex()).isEqualTo(NEXT + 5);
        }

        @Test
        void shouldAccumulateWithinOneBatch() {
            // given
            TaskState current = state(given(RUNNING));

            // when
            Decision.Applied applied = applied(TaskEngine.decide(current, publish("cmd-2",
                    delta("answer", null, "{'delta':'Hel'}"), delta("answer", null, "{'delta':'lo'}")), NOW));

            // then
            assertThat(applied.records()).extracting(r -> r.accumulated().data())
                    .containsExactly(json("{'delta':'Hel'}"), json("{'delta':'Hello'}"));
            assertThat(applied.records().get(1).accumulated().id()).isEqualTo(applied.records().get(1).event().id());
        }

        @Test
        void shouldAccumulateTheNamedFieldAndTakeOtherFieldsFromTheNewEvent() {
            // given
            TaskState state = state(given(RUNNING));
            state = applied(TaskEngine.decide(state,
                    publish("cmd-2", delta("answer", "text", "{'text':'Hello, ','delta':'x','model':'a'}")), NOW)).next();

            // when
            Decision.Applied applied = applied(TaskEngine.decide(state,
                    publish("cmd-3", delta("answer", "text", "{'text':'world','delta':'y','model':'b'}")), NOW + 1));

            // then
            TaskEvent raw = new TaskEvent(EventIds.of("cmd-3", 0, NOW + 1), TASK_ID, NEXT + 1, NOW + 1, "llm.delta",
                    Level.INFO, json("{'text':'world','delta':'y','model':'b'}"), "answer", SeriesMode.ACCUMULATE,
                    "text", null);
            TaskEvent total = new TaskEvent(raw.id(), TASK_ID, NEXT + 1, NOW + 1, "llm.delta", Level.INFO,
                    json("{'text':'Hello, world','delta':'y','model':'b'}"), "answer", SeriesMode.ACCUMULATE, "text",
                    null);
            assertThat(applied.records()).containsExactly(new EventRecord(raw, total, null));
        }

        @Test
        void shouldResetTheSeriesWhenTheFieldIsNotAString() {
            // given
            TaskState state = state(given(RUNNING));
            state = applied(TaskEngine.decide(state, publish("cmd-2", delta("s", null, "{'delta':'a'}")), NOW)).next();

            // when a number arrives, then a string again
            Decision.Applied number = applied(TaskEngine.decide(state,
                    publish("cmd-3", delta("s", null, "{'delta':5}")), NOW + 1));
            Decision.Applied after = applied(TaskEngine.decide(number.next(),
                    publish("cmd-4", delta("s", null, "{'delta':'b'}")), NOW + 2));

            // then each resets the state to the new event itself
            assertThat(number.records().get(0).accumulated()).isEqualTo(number.records().get(0).event());
            assertThat(after.records().get(0).accumulated()).isEqualTo(after.records().get(0).event());
            assertThat(after.next().series()).isEqualTo(Map.of("s", after.records().get(0).event()));
        }

        @Test
        void shouldResetTheSeriesWhenDataIsNotAnObject() {
            // given
            TaskState state = state(given(RUNNING));
            state = applied(TaskEngine.decide(state, publish("cmd-2", delta("s", null, "{'delta':'a'}")), NOW)).next();

            // when
            Decision.Applied text = applied(TaskEngine.decide(state, publish("cmd-3", delta("s", null, "'b'")), NOW + 1));
            Decision.Applied nothing = applied(TaskEngine.decide(text.next(),
                    publish("cmd-4", delta("s", null, "null")), NOW + 2));
            Decision.Applied object = applied(TaskEngine.decide(nothing.next(),
                    publish("cmd-5", delta("s", null, "{'delta':'c'}")), NOW + 3));

            // then
            assertThat(text.records().get(0).accumulated()).isEqualTo(text.records().get(0).event());
            assertThat(nothing.records().get(0).accumulated()).isEqualTo(nothing.records().get(0).event());
            assertThat(object.records().get(0).accumulated()).isEqualTo(object.records().get(0).event());
        }

        @Test
        void shouldResetTheSeriesWhenThePreviousEventLacksTheField() {
            // given
            TaskState state = state(given(RUNNING));
            state = applied(TaskEngine.decide(state, publish("cmd-2", delta("s", null, "{'other':'a'}")), NOW)).next();

            // when
            Decision.Applied applied = applied(TaskEngine.decide(state,
                    publish("cmd-3", delta("s", null, "{'delta':'b'}")), NOW + 1));

            // then
            assertThat(applied.records().get(0).accumulated()).isEqualTo(applied.records().get(0).event());
        }

        @Test
        void shouldKeepSeriesApart() {
            // given
            TaskState current = state(given(RUNNING));

            // when
            Decision.Applied applied = applied(TaskEngine.decide(current, publish("cmd-2",
                    delta("a", null, "{'delta':'1'}"), delta("b", null, "{'delta':'x'}"),
                    delta("a", null, "{'delta':'2'}"), delta("b", null, "{'delta':'y'}")), NOW));

            // then
            assertThat(applied.records()).extracting(r -> r.accumulated().data().get("delta").asString())
                    .containsExactly("1", "x", "12", "xy");
            assertThat(applied.next().series()).containsOnlyKeys("a", "b");
        }

        @Test
        void shouldMarkEachLatestEventAsReplacingThePreviousOneOfItsSeries() {
            // given
            TaskState current = state(given(RUNNING));

            // when
            Decision.Applied applied = applied(TaskEngine.decide(current, publish("cmd-2",
                    latest("progress", "{'pct':10}"),
                    input("log", "{'line':'between'}"),
                    latest("progress", "{'pct':50}"),
                    latest("other", "{'pct':1}"),
                    latest("progress", "{'pct':90}")), NOW));

            // then
            assertThat(applied.records()).extracting(EventRecord::replacesIndex)
                    .containsExactly(null, null, NEXT, null, NEXT + 2);
            assertThat(applied.records()).extracting(EventRecord::accumulated).containsOnlyNulls();
            assertThat(applied.records().get(4).event()).isEqualTo(new TaskEvent(EventIds.of("cmd-2", 4, NOW),
                    TASK_ID, NEXT + 4, NOW, "progress", Level.INFO, json("{'pct':90}"), "progress", SeriesMode.LATEST,
                    null, null));
            assertThat(applied.next().series()).isEqualTo(Map.of(
                    "progress", applied.records().get(4).event(),
                    "other", applied.records().get(3).event()));
        }

        @Test
        void shouldRememberTheLatestEventAcrossCommands() {
            // given
            TaskState state = state(given(RUNNING));
            state = applied(TaskEngine.decide(state, publish("cmd-2", latest("progress", "{'pct':10}")), NOW)).next();

            // when
            Decision.Applied applied = applied(TaskEngine.decide(state,
                    publish("cmd-3", latest("progress", "{'pct':20}")), NOW + 1));

            // then
            assertThat(applied.records()).extracting(EventRecord::replacesIndex).containsExactly(NEXT);
        }

        private static EventInput delta(String seriesId, String accField, String data) {
            return new EventInput("llm.delta", null, json(data), seriesId, SeriesMode.ACCUMULATE, accField);
        }

        private static EventInput latest(String seriesId, String data) {
            return new EventInput("progress", null, json(data), seriesId, SeriesMode.LATEST, null);
        }
    }

    // --- resolve ----------------------------------------------------------------------------------

    @Nested
    class Resolve {

        @Test
        void shouldResumeBlockedTaskWithObjectResolutionAsResultThenEmitResolved() {
            // given
            TaskState current = new TaskState(TaskBuilder.from(blockedTask(NOW + 30_000)).ttl(3600).build(), NEXT,
                    Map.of(), T0 + 3_600_000);

            // when
            Decision decision = TaskEngine.decide(current,
                    new ResolveTask("cmd-2", TASK_ID, json("{'approved':true}")), NOW);

            // then
            Task expected = TaskBuilder.from(current.task()).status(RUNNING).updatedAt(NOW)
                    .result(json("{'approved':true}")).reason(null).resumeAt(null).blockedRequest(null).build();
            assertThat(decision).isEqualTo(new Decision.Applied(
                    new TaskState(expected, NEXT + 2, Map.of(), T0 + 3_600_000),
                    List.of(EventRecord.plain(statusEvent("cmd-2", 0, NEXT, NOW,
                                    "{'status':'running','result':{'approved':true}}")),
                            EventRecord.plain(new TaskEvent(EventIds.of("cmd-2", 1, NOW), TASK_ID, NEXT + 1, NOW,
                                    "taskcast:resolved", Level.INFO, json("{'resolution':{'approved':true}}"),
                                    null, null, null, null)))));
        }

        @ParameterizedTest(name = "data {0}")
        @ValueSource(strings = {"'yes'", "42", "true", "[1,2]", "null"})
        void shouldWrapNonObjectResolutionAsResult(String data) {
            // given
            TaskState current = state(blockedTask(null));

            // when
            Decision.Applied applied = applied(TaskEngine.decide(current,
                    new ResolveTask("cmd-2", TASK_ID, json(data)), NOW));

            // then
            JsonNode wrapped = json("{'resolution':" + data + "}");
            assertThat(applied.next().task().result()).isEqualTo(wrapped);
            assertThat(applied.records()).extracting(r -> r.event().type(), r -> r.event().data()).containsExactly(
                    tuple("taskcast:status",
                            json("{'status':'running','result':{'resolution':" + data + "}}")),
                    tuple("taskcast:resolved", wrapped));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = TaskStatus.class, names = "BLOCKED", mode = EnumSource.Mode.EXCLUDE)
        void shouldRefuseResolvingTaskThatIsNotBlockedWith400(TaskStatus status) {
            // given
            TaskState current = state(given(status));

            // when
            Decision decision = TaskEngine.decide(current, new ResolveTask("cmd-2", TASK_ID, json("{'ok':1}")), NOW);

            // then
            assertThat(decision).isEqualTo(new Decision.Refused(400, "TASK_NOT_BLOCKED", "Task is not blocked"));
        }

        @Test
        void shouldRefuseResolvingMissingTaskWith404() {
            // when
            Decision decision = TaskEngine.decide(null, new ResolveTask("cmd-2", TASK_ID, json("{'ok':1}")), NOW);

            // then
            assertThat(decision).isEqualTo(new Decision.Refused(404, "TASK_NOT_FOUND", "Task not found: " + TASK_ID));
        }
    }

    // --- timers -----------------------------------------------------------------------------------

    @Nested
    class Timers {

        private static final long DEADLINE = T0 + 3_600_000;
        /** Timers are written by a wall clock that looks every so often, so they run a little late. */
        private static final long FIRED = DEADLINE + 250;

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = TaskStatus.class, names = {"PENDING", "ASSIGNED", "RUNNING", "BLOCKED"})
        void shouldTimeOutATaskWhoseTtlPasses(TaskStatus status) {
            // given
            TaskState current = new TaskState(TaskBuilder.from(given(status)).ttl(3600).build(), NEXT, Map.of(),
                    DEADLINE);

            // when
            Decision decision = TaskEngine.decide(current, ttlTimer(DEADLINE), FIRED);

            // then
            Task expected = TaskBuilder.from(current.task()).status(TIMEOUT).updatedAt(FIRED).completedAt(FIRED).build();
            String commandId = "timer:ttl:" + DEADLINE + ":" + TASK_ID;
            assertThat(decision).isEqualTo(new Decision.Applied(new TaskState(expected, NEXT + 1, Map.of(), null),
                    List.of(EventRecord.plain(new TaskEvent(EventIds.of(commandId, 0, FIRED), TASK_ID, NEXT, FIRED,
                            "taskcast:status", Level.INFO, json("{'status':'timeout'}"), null, null, null, null)))));
        }

        @Test
        void shouldIgnoreTtlTimerForAnEarlierDeadline() {
            // given a deadline that moved (a new ttl restarted the clock)
            TaskState current = new TaskState(TaskBuilder.from(given(RUNNING)).ttl(3600).build(), NEXT, Map.of(),
                    DEADLINE + 60_000);

            // when
            Decision decision = TaskEngine.decide(current, ttlTimer(DEADLINE), FIRED);

            // then
            assertThat(decision).isInstanceOf(Decision.Ignored.class);
        }

        @Test
        void shouldIgnoreTtlTimerWhilePaused() {
            // given
            TaskState current = new TaskState(TaskBuilder.from(given(PAUSED)).ttl(3600).build(), NEXT, Map.of(), null);

            // when
            Decision decision = TaskEngine.decide(current, ttlTimer(DEADLINE), FIRED);

            // then
            assertThat(decision).isInstanceOf(Decision.Ignored.class);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = TaskStatus.class, names = {"COMPLETED", "FAILED", "TIMEOUT", "CANCELLED"})
        void shouldIgnoreTtlTimerOfTerminalTask(TaskStatus status) {
            // given even a terminal state that still holds the deadline
            TaskState current = new TaskState(TaskBuilder.from(given(status)).ttl(3600).build(), NEXT, Map.of(),
                    DEADLINE);

            // when
            Decision decision = TaskEngine.decide(current, ttlTimer(DEADLINE), FIRED);

            // then
            assertThat(decision).isInstanceOf(Decision.Ignored.class);
        }

        @Test
        void shouldWakeABlockedTaskAtItsResumeTime() {
            // given
            long resumeAt = NOW + 30_000;
            TaskState current = new TaskState(TaskBuilder.from(blockedTask(resumeAt)).ttl(3600).build(), NEXT,
                    Map.of(), DEADLINE);

            // when
            Decision decision = TaskEngine.decide(current, resumeTimer(resumeAt), resumeAt + 400);

            // then
            Task expected = TaskBuilder.from(current.task()).status(RUNNING).updatedAt(resumeAt + 400).reason(null)
                    .resumeAt(null).blockedRequest(null).build();
            String commandId = "timer:resume:" + resumeAt + ":" + TASK_ID;
            assertThat(decision).isEqualTo(new Decision.Applied(new TaskState(expected, NEXT + 1, Map.of(), DEADLINE),
                    List.of(EventRecord.plain(new TaskEvent(EventIds.of(commandId, 0, resumeAt + 400), TASK_ID,
                            NEXT, resumeAt + 400, "taskcast:status", Level.INFO, json("{'status':'running'}"),
                            null, null, null, null)))));
        }

        @Test
        void shouldIgnoreResumeTimerForAnotherResumeTime() {
            // given blocked again since, with a later resume time
            TaskState current = state(blockedTask(NOW + 90_000));

            // when
            Decision decision = TaskEngine.decide(current, resumeTimer(NOW + 30_000), NOW + 30_100);

            // then
            assertThat(decision).isInstanceOf(Decision.Ignored.class);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = TaskStatus.class, names = "BLOCKED", mode = EnumSource.Mode.EXCLUDE)
        void shouldIgnoreResumeTimerOfTaskThatIsNoLongerBlocked(TaskStatus status) {
            // given resumed (or ended) before its resume time, with the old resumeAt still on record
            TaskState current = state(TaskBuilder.from(given(status)).resumeAt(NOW + 30_000).build());

            // when
            Decision decision = TaskEngine.decide(current, resumeTimer(NOW + 30_000), NOW + 30_100);

            // then
            assertThat(decision).isInstanceOf(Decision.Ignored.class);
        }

        @Test
        void shouldNotTakeAResumeTimerForATtlTimer() {
            // given a blocked task whose resume time happens to equal a ttl timer's due time
            TaskState current = new TaskState(TaskBuilder.from(blockedTask(DEADLINE)).ttl(3600).build(), NEXT,
                    Map.of(), DEADLINE + 1);

            // when
            Decision decision = TaskEngine.decide(current, ttlTimer(DEADLINE), FIRED);

            // then
            assertThat(decision).isInstanceOf(Decision.Ignored.class);
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(TimerKind.class)
        void shouldIgnoreTimerOfMissingTask(TimerKind kind) {
            // when
            Decision decision = TaskEngine.decide(null,
                    new FireTimer("timer:x:" + DEADLINE + ":" + TASK_ID, TASK_ID, kind, DEADLINE), FIRED);

            // then
            assertThat(decision).isInstanceOf(Decision.Ignored.class);
        }

        private static FireTimer ttlTimer(long dueAt) {
            return new FireTimer("timer:ttl:" + dueAt + ":" + TASK_ID, TASK_ID, TimerKind.TTL, dueAt);
        }

        private static FireTimer resumeTimer(long dueAt) {
            return new FireTimer("timer:resume:" + dueAt + ":" + TASK_ID, TASK_ID, TimerKind.RESUME, dueAt);
        }
    }

    // --- helpers ----------------------------------------------------------------------------------

    /** A task in {@code status} that last changed at T1, without ttl or anything optional. */
    private static Task given(TaskStatus status) {
        return TaskBuilder.pending(TASK_ID, T0).type("llm.chat").params(PARAMS).status(status).updatedAt(T1)
                .completedAt(status.isTerminal() ? T1 : null).build();
    }

    private static Task blockedTask(Long resumeAt) {
        return TaskBuilder.from(given(BLOCKED)).reason("needs approval").resumeAt(resumeAt)
                .blockedRequest(new BlockedRequest("approval", json("{'question':'Deploy to prod?'}"))).build();
    }

    private static TaskState state(Task task) {
        return new TaskState(task, NEXT, Map.of(), null);
    }

    private static TransitionTask transition(String commandId, TaskStatus to) {
        return new TransitionTask(commandId, TASK_ID, to, null, null, null, null, null, null);
    }

    private static PublishEvents publish(String commandId, EventInput... inputs) {
        return new PublishEvents(commandId, TASK_ID, List.of(inputs));
    }

    private static EventInput input(String type, String data) {
        return new EventInput(type, null, json(data), null, null, null);
    }

    private static TaskEvent statusEvent(String commandId, int position, long index, long time, String data) {
        return new TaskEvent(EventIds.of(commandId, position, time), TASK_ID, index, time, TaskEvent.STATUS_TYPE,
                Level.INFO, json(data), null, null, null, null);
    }

    private static Decision.Applied applied(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Applied.class);
        return (Decision.Applied) decision;
    }

    /** JSON written with single quotes, for readability. */
    private static JsonNode json(String text) {
        return Json.mapper().readTree(text.replace('\'', '"'));
    }
}
