package io.taskcast.kafka.processor.archive;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.postgres.ArchiveReads;
import io.taskcast.kafka.platform.postgres.PostgresArchive;
import io.taskcast.kafka.platform.postgres.PostgresUrl;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import io.taskcast.kafka.testkit.FaultyConsumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The archiver copies the topics into Postgres completely, and redelivery changes nothing. */
@ExtendWith(EmbeddedStackExtension.class)
class ArchiverIT {

    private static final int TASKS = 6;
    private static final int EVENTS = 40;

    private static PostgresArchive archive;
    private static ArchiveReads reads;
    private static String bootstrapServers;
    private ArchiverHarness harness;

    @BeforeAll
    static void connect(EmbeddedStack stack) {
        bootstrapServers = stack.kafkaBootstrapServers();
        archive = new PostgresArchive(PostgresUrl.parse(stack.postgresUrl()));
        archive.migrate();
        reads = new ArchiveReads(archive);
    }

    @AfterAll
    static void disconnect() {
        archive.close();
    }

    @BeforeEach
    void topics() throws Exception {
        harness = new ArchiverHarness(bootstrapServers, "archiver-it");
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void shouldArchiveEveryCommittedRecordAndOnlyThose() throws Exception {
        List<Archives> tasks = tasks();
        harness.startArchiver(archive);

        publish(tasks);
        Archives first = tasks.get(0);
        // Never committed by its producer: read_committed must not archive it.
        harness.publish(List.of(first.running()), List.of(stray(first.completed())), false);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertArchived(tasks));
        await().atMost(Duration.ofSeconds(30)).until(harness::caughtUp);
        assertArchived(tasks);
    }

    @Test
    void shouldWriteNothingTwiceWhenEveryRecordIsDeliveredAgain() throws Exception {
        List<Archives> tasks = tasks();
        harness.startArchiver(archive);
        publish(tasks);
        await().atMost(Duration.ofSeconds(60)).until(harness::caughtUp);
        assertArchived(tasks);

        harness.stopArchiver();
        harness.resetOffsets();
        // A producer retry duplicates records too; the archive must not care how often it sees one.
        publish(tasks);
        harness.startArchiver(archive);
        await().atMost(Duration.ofSeconds(60)).until(harness::caughtUp);

        assertArchived(tasks);
    }

    @Test
    void shouldGoOnArchivingAfterItsConsumerFailsAndBeUnreadyWhileItCannot() throws Exception {
        // given: an archiver whose polls fail on demand
        FaultyConsumer faults = new FaultyConsumer();
        List<Archives> tasks = tasks();
        harness.startArchiver(archive, faults);
        await().atMost(Duration.ofSeconds(30)).until(harness::ready);

        // when: a poll fails with a failed commit (the group rebalanced), the next with another Kafka error
        faults.failNextPolls(new CommitFailedException(), new KafkaException("injected: fetch refused"));
        await().atMost(Duration.ofSeconds(30)).until(faults::queueThrown);
        publish(tasks.subList(0, TASKS / 2));

        // then: it carried on and archives what came after
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertArchived(tasks.subList(0, TASKS / 2)));

        // when: every poll fails while more records arrive
        faults.failEveryPoll(new KafkaException("injected: every fetch refused"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !harness.ready());
        publish(tasks.subList(TASKS / 2, TASKS));
        assertThat(harness.ready()).as("ready while every poll fails").isFalse();

        // then: once polls succeed again it is ready and has archived everything
        faults.heal();
        await().atMost(Duration.ofSeconds(30)).until(harness::ready);
        await().atMost(Duration.ofSeconds(60)).until(harness::caughtUp);
        assertArchived(tasks);
    }

    /** Events in several transactions, the completed snapshot, then a stale running snapshot that must not win. */
    private void publish(List<Archives> tasks) {
        for (Archives task : tasks) {
            harness.publish(List.of(task.running()), task.records().subList(0, EVENTS / 2), true);
            harness.publish(List.of(), task.records().subList(EVENTS / 2, EVENTS), true);
            harness.publish(List.of(task.completed(), task.running()), List.of(), true);
        }
    }

    private static void assertArchived(List<Archives> tasks) {
        for (Archives task : tasks) {
            assertThat(task.read(reads)).as(task.completed().id()).contains(task.expectedArchive());
        }
    }

    private static List<Archives> tasks() {
        String run = UUID.randomUUID().toString();
        return IntStream.range(0, TASKS).mapToObj(i -> Archives.of("task-" + run + "-" + i, 0, EVENTS)).toList();
    }

    private static EventRecord stray(Task task) {
        return EventRecord.plain(new TaskEvent("stray-" + task.id(), task.id(), 999, task.createdAt(), "stray",
                Level.ERROR, null, null, null, null, null));
    }

}
