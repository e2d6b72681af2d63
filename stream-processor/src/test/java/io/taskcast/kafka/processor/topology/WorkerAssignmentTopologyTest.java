package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.schemas.AssignMode;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.command.Accepted;
import io.taskcast.kafka.schemas.command.AssignTask;
import io.taskcast.kafka.schemas.command.Leased;
import io.taskcast.kafka.schemas.command.Rejected;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CommandResult;
import io.taskcast.kafka.schemas.command.CreateTask;
import io.taskcast.kafka.schemas.command.DeclineTask;
import io.taskcast.kafka.schemas.command.TransitionTask;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Headers;
import io.taskcast.kafka.schemas.topic.Topics;
import io.taskcast.kafka.schemas.worker.PoolMessage;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Worker assignment through the production topology (docs/workers.md): the task stage tells the
 * pool stage of pull tasks, a waiting worker is given one, the task stage assigns it and answers
 * the wait's reply address; the records between the stages go round through their topics.
 */
class WorkerAssignmentTopologyTest {

    private static final Topics TOPICS = Topics.withPrefix("taskcast");
    private static final long T0 = 1_600_000_000_123L;

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> commands;
    private TestInputTopic<String, byte[]> workers;
    private TestOutputTopic<String, CommandResult> results;
    private TestOutputTopic<String, Command> commandLog;
    private TestOutputTopic<String, EventRecord> events;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "worker-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(TaskTopology.build(TOPICS, new NoViews()), props, Instant.ofEpochMilli(T0));
        topics();
    }

    private void topics() {
        commands = driver.createInputTopic(TOPICS.commands().name(), new StringSerializer(), new ByteArraySerializer());
        workers = driver.createInputTopic(TOPICS.workers().name(), new StringSerializer(), new ByteArraySerializer());
        results = driver.createOutputTopic(TOPICS.commandResults().name(), new StringDeserializer(),
                TOPICS.commandResults().valueSerde().deserializer());
        commandLog = driver.createOutputTopic(TOPICS.commands().name(), new StringDeserializer(),
                TOPICS.commands().valueSerde().deserializer());
        events = driver.createOutputTopic(TOPICS.events().name(), new StringDeserializer(),
                TOPICS.events().valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldGiveAWaitingWorkerAPullTaskCreatedWhileItWaitsAndAnswerItsPoll() {
        // given: a worker waiting
        waitFor("w1", "poll-1", T0 + 30_000, T0);

        // when: a pull task is created
        create("t1", AssignMode.PULL, T0 + 5);

        // then: the poll's reply address got the task, assigned to the worker, with an audit event
        TestRecord<String, CommandResult> reply = onlyReplyTo("poll-1");
        Task assigned = ((Accepted) reply.value()).task();
        assertThat(assigned.status()).isEqualTo(TaskStatus.ASSIGNED);
        assertThat(assigned.assignedWorker()).isEqualTo("w1");
        assertThat(events.readValuesToList()).extracting(r -> r.event().type(), r -> r.event().data().toString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TaskEvent.AUDIT_TYPE,
                        "{\"action\":\"assigned\",\"workerId\":\"w1\"}"));
    }

    @Test
    void shouldGiveATaskPendingBeforeTheWaitAndNeverTheSameTaskToTwoWorkers() {
        // given: one pending pull task
        create("t1", AssignMode.PULL, T0);

        // when: two workers wait
        waitFor("w1", "poll-1", T0 + 30_000, T0 + 10);
        waitFor("w2", "poll-2", T0 + 30_000, T0 + 20);

        // then: the first has it, the second still waits and gets the next one
        assertThat(((Accepted) onlyReplyTo("poll-1").value()).task().id()).isEqualTo("t1");
        create("t2", AssignMode.PULL, T0 + 30);
        List<TestRecord<String, CommandResult>> replies = results.readRecordsToList();
        assertThat(replies).hasSize(1);
        assertThat(correlation(replies.get(0))).isEqualTo("poll-2");
        assertThat(((Accepted) replies.get(0).value()).task().id()).isEqualTo("t2");
    }

    @Test
    void shouldLeaveExternalTasksToTheirCaller() {
        waitFor("w1", "poll-1", T0 + 30_000, T0);
        create("t1", AssignMode.EXTERNAL, T0 + 5);
        create("t2", null, T0 + 6);

        assertThat(results.readRecordsToList()).isEmpty();
    }

    @Test
    void shouldOfferADeclinedTaskAgainButNotToTheWorkerThatBlacklistedIt() {
        // given: w1 holds t1
        waitFor("w1", "poll-1", T0 + 30_000, T0);
        create("t1", AssignMode.PULL, T0 + 5);
        onlyReplyTo("poll-1");

        // when: w1 declines with blacklist, then waits again, and so does w2
        pipe(new DeclineTask("d1", "t1", "w1", true), T0 + 10);
        waitFor("w1", "poll-2", T0 + 30_000, T0 + 20);
        waitFor("w2", "poll-3", T0 + 30_000, T0 + 30);

        // then: only w2 is given it
        TestRecord<String, CommandResult> reply = onlyReplyTo("poll-3");
        assertThat(((Accepted) reply.value()).task().assignedWorker()).isEqualTo("w2");
    }

    @Test
    void shouldDeclineATaskAssignedForAPollNobodyWaitsForAnyMore() {
        // given: w1's poll was given t1
        waitFor("w1", "poll-1", T0 + 30_000, T0);
        create("t1", AssignMode.PULL, T0 + 5);
        onlyReplyTo("poll-1");
        commandLog.readRecordsToList();

        // when: the API says it stopped waiting (its answer crossed the timeout)
        pool(new PoolMessage.StopWaiting("w1", "poll-1"), T0 + 30_001);

        // then: t1 is declined without blacklist, and pending again
        assertThat(commandLog.readValuesToList()).containsExactly(new DeclineTask("stop/poll-1", "t1", "w1", false));
        waitFor("w1", "poll-2", T0 + 60_000, T0 + 30_010);
        assertThat(((Accepted) onlyReplyTo("poll-2").value()).task().assignedWorker()).isEqualTo("w1");
    }

    // --- the fast path: leases -----------------------------------------------------------------------

    @Test
    void shouldLeaseTheFreeSlotsOfAWaitNoPendingTaskSuitsAndCountTheTaskTheApiAssigns() {
        // given: a worker of capacity 1 waiting with a lease, and a pull task created after it
        pool(new PoolMessage.Wait("w1", "poll-1", T0 + 30_000, null, 1, null, true), T0);
        assertThat(onlyResultTo("poll-1").value()).isEqualTo(new Leased("poll-1", 1, null, null));
        create("t1", AssignMode.PULL, T0 + 1);
        assertThat(results.readRecordsToList()).as("the pool leaves a leased wait to its API").isEmpty();
        create("t2", AssignMode.PULL, T0 + 2);

        // when: the API assigns t1 for the wait
        assignFromApi("t1", "w1", "poll-1", T0 + 3);

        // then: the wait has it, and the worker is full: a second wait gets neither a lease nor t2
        assertThat(((Accepted) onlyReplyTo("poll-1").value()).task().assignedWorker()).isEqualTo("w1");
        pool(new PoolMessage.Wait("w1", "poll-2", T0 + 30_000, null, null, null, true), T0 + 4);
        assertThat(results.readRecordsToList()).isEmpty();

        // and when t1 ends, the waiting poll is given t2 by the pool
        pipe(new TransitionTask("c1", "t1", TaskStatus.CANCELLED, null, null, null, null, null, null), T0 + 5);
        assertThat(((Accepted) onlyReplyTo("poll-2").value()).task().id()).isEqualTo("t2");
    }

    @Test
    void shouldGiveALeaseBackWhenTheApiStopsTheWait() {
        pool(new PoolMessage.Wait("w1", "poll-1", T0 + 30_000, null, 1, null, true), T0);
        assertThat(onlyResultTo("poll-1").value()).isEqualTo(new Leased("poll-1", 1, null, null));

        pool(new PoolMessage.StopWaiting("w1", "poll-1"), T0 + 30_001);
        pool(new PoolMessage.Wait("w1", "poll-2", T0 + 60_000, null, null, null, true), T0 + 30_002);

        assertThat(onlyResultTo("poll-2").value()).isEqualTo(new Leased("poll-2", 1, null, null));
        assertThat(commandLog.readValuesToList()).as("nothing to decline").isEmpty();
    }

    @Test
    void shouldTellTheApiOfARefusedAssignmentSoItWaitsOn() {
        pool(new PoolMessage.Wait("w1", "poll-1", T0 + 30_000, null, null, null, true), T0);
        onlyResultTo("poll-1");
        create("t1", AssignMode.PULL, T0 + 1);
        pipe(new TransitionTask("c1", "t1", TaskStatus.RUNNING, null, null, null, null, null, null), T0 + 2);

        assignFromApi("t1", "w1", "poll-1", T0 + 3);

        assertThat(onlyResultTo("poll-1").value()).isInstanceOf(Rejected.class);
    }

    @Test
    void shouldLetALeaseOfADeadApiExpireAndSendBackATaskItAssignedTooLate() {
        // given: a lease whose API never stops it
        pool(new PoolMessage.Wait("w1", "poll-1", T0 + 1_000, null, 1, null, true), T0);
        onlyResultTo("poll-1");
        create("t1", AssignMode.PULL, T0 + 1);

        // when: the grace after its deadline is over, then its assignment arrives
        long late = T0 + 1_000 + 60_000 + 1; // past Dispatcher.LEASE_GRACE_MS
        pool(new PoolMessage.StopWaiting("w2", "unknown"), late); // any message: the pool's clock moves on
        assignFromApi("t1", "w1", "poll-1", late + 1);
        commandLog.readRecordsToList();
        results.readRecordsToList();

        // then: the worker has its slot back for a new lease, and the late task went back to pending
        pool(new PoolMessage.Wait("w1", "poll-2", late + 60_000, null, null, null, true), late + 2);
        assertThat(onlyResultTo("poll-2").value()).as("t1 is pending again, set aside for the new wait")
                .isEqualTo(new Leased("poll-2", 1, null, "t1"));
    }

    @Test
    void shouldSetAPendingTaskAsideForOneLeasedWaitOnly() {
        // given: a pending task
        create("t1", AssignMode.PULL, T0);

        // when: two workers wait
        pool(new PoolMessage.Wait("w1", "poll-1", T0 + 30_000, null, null, null, true), T0 + 1);
        TestRecord<String, CommandResult> first = onlyResultTo("poll-1");
        pool(new PoolMessage.Wait("w2", "poll-2", T0 + 30_000, null, null, null, true), T0 + 2);
        TestRecord<String, CommandResult> second = onlyResultTo("poll-2");

        // then: the first is offered it, the second only leased
        assertThat(first.value()).isEqualTo(new Leased("poll-1", 10, null, "t1"));
        assertThat(second.value()).isEqualTo(new Leased("poll-2", 10, null, null));

        // and when the first wait stops unanswered, the pool's next tick offers it to the second
        pool(new PoolMessage.StopWaiting("w1", "poll-1"), T0 + 3);
        assertThat(results.readRecordsToList()).isEmpty();
        pool(new PoolMessage.Tick(), T0 + 600);
        assertThat(onlyResultTo("poll-2").value()).isEqualTo(new Leased("poll-2", 10, null, "t1"));
    }

    @Test
    void shouldOfferATaskNoApiAssignedToALeasedWaitOnceItWaitedLongEnough() {
        // given: a leased wait, then a task its API did not see (it came between two waits)
        pool(new PoolMessage.Wait("w1", "poll-1", T0 + 30_000, null, null, null, true), T0);
        onlyResultTo("poll-1");
        create("t1", AssignMode.PULL, T0 + 10);

        // when: ticks come, before and after the offer delay
        pool(new PoolMessage.Tick(), T0 + 100);
        assertThat(results.readRecordsToList()).as("the APIs have it first").isEmpty();
        pool(new PoolMessage.Tick(), T0 + 600);

        // then
        assertThat(onlyResultTo("poll-1").value()).isEqualTo(new Leased("poll-1", 10, null, "t1"));
    }

    private void assignFromApi(String taskId, String workerId, String pollId, long at) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.CORRELATION_ID, pollId.getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.REPLY_PARTITION, ByteBuffer.allocate(4).putInt(0).array());
        commands.pipeInput(new TestRecord<>(taskId, Json.toBytes(new AssignTask(pollId + "/" + taskId, taskId,
                workerId, pollId)), headers, Instant.ofEpochMilli(at)));
    }

    private TestRecord<String, CommandResult> onlyResultTo(String pollId) {
        List<TestRecord<String, CommandResult>> replies = results.readRecordsToList();
        assertThat(replies).hasSize(1);
        assertThat(correlation(replies.get(0))).isEqualTo(pollId);
        return replies.get(0);
    }

    @Test
    void shouldNotGiveATaskToAWaitPastItsDeadline() {
        waitFor("w1", "poll-1", T0 + 1_000, T0);
        create("t1", AssignMode.PULL, T0 + 2_000);

        assertThat(results.readRecordsToList()).isEmpty();
    }

    @Test
    void shouldFreeTheSlotWhenTheAssignedTaskEndsSoACapacityOfOneTakesTheNext() {
        // given: a worker of capacity 1 holding t1, t2 pending
        pool(new PoolMessage.Wait("w1", "poll-1", T0 + 30_000, null, 1, null), T0);
        create("t1", AssignMode.PULL, T0 + 1);
        create("t2", AssignMode.PULL, T0 + 2);
        onlyReplyTo("poll-1");
        waitFor("w1", "poll-2", T0 + 30_000, T0 + 3);
        assertThat(results.readRecordsToList()).as("full: t2 waits").isEmpty();

        // when: t1 runs and completes
        pipe(new TransitionTask("c1", "t1", TaskStatus.RUNNING, null, null, null, null, null, null), T0 + 4);
        assertThat(results.readRecordsToList()).as("running still holds the slot").isEmpty();
        pipe(new TransitionTask("c2", "t1", TaskStatus.COMPLETED, null, null, null, null, null, null), T0 + 5);

        // then: the waiting poll gets t2
        assertThat(((Accepted) onlyReplyTo("poll-2").value()).task().id()).isEqualTo("t2");
    }

    private TestRecord<String, CommandResult> onlyReplyTo(String pollId) {
        List<TestRecord<String, CommandResult>> replies = results.readRecordsToList();
        assertThat(replies).hasSize(1);
        assertThat(correlation(replies.get(0))).isEqualTo(pollId);
        assertThat(replies.get(0).value()).isInstanceOf(Accepted.class);
        return replies.get(0);
    }

    private static String correlation(TestRecord<String, CommandResult> reply) {
        return new String(reply.headers().lastHeader(Headers.CORRELATION_ID).value(), StandardCharsets.UTF_8);
    }

    private void create(String taskId, AssignMode mode, long at) {
        pipe(new CreateTask("create-" + taskId, taskId, "job", null, null, null, null, null, null, null, mode, null,
                null, null), at);
    }

    private void pipe(Command command, long at) {
        commands.pipeInput(new TestRecord<>(command.taskId(), Json.toBytes(command), new RecordHeaders(),
                Instant.ofEpochMilli(at)));
    }

    private void waitFor(String workerId, String pollId, long until, long at) {
        pool(new PoolMessage.Wait(workerId, pollId, until, null, null, null), at);
    }

    /** A pool message as the API writes it: with the request/reply headers of the poll. */
    private void pool(PoolMessage message, long at) {
        RecordHeaders headers = new RecordHeaders();
        if (message instanceof PoolMessage.Wait wait) {
            headers.add(Headers.CORRELATION_ID, wait.pollId().getBytes(StandardCharsets.UTF_8));
            headers.add(Headers.REPLY_PARTITION, ByteBuffer.allocate(4).putInt(0).array());
        }
        workers.pipeInput(new TestRecord<>(PoolMessage.DEFAULT_POOL, Json.toBytes(message), headers,
                Instant.ofEpochMilli(at)));
    }

}
