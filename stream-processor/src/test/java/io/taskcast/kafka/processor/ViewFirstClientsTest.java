package io.taskcast.kafka.processor;

import io.taskcast.kafka.platform.replies.LocalReplies;
import io.taskcast.kafka.schemas.topic.Headers;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The processor's clients: nothing leaves before the view has it, and it leaves before the next poll, not at commit. */
class ViewFirstClientsTest {

    /** What happened, in order: "view", "discard", "send <value>", "flush", "commit", "abort". */
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final MockProducer<byte[], byte[]> kafka = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer()) {
        @Override
        public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                ProducerRecord<byte[], byte[]> record, org.apache.kafka.clients.producer.Callback callback) {
            calls.add("send " + new String(record.value(), StandardCharsets.UTF_8));
            return super.send(record, callback);
        }

        @Override
        public void flush() {
            calls.add("flush");
            super.flush();
        }

        @Override
        public void commitTransaction() {
            calls.add("commit");
            super.commitTransaction();
        }

        @Override
        public void abortTransaction() {
            calls.add("abort");
            super.abortTransaction();
        }
    };
    private final LocalReplies localReplies = new LocalReplies();
    private final ViewFirstClients clients = clients(() -> calls.add("view"), () -> calls.add("discard"));
    private final ViewFirstProducer producer = clients.holding(kafka);

    private ViewFirstClients clients(Runnable writeView, Runnable discardView) {
        return new ViewFirstClients(writeView, discardView, localReplies, "replies");
    }

    /** What reached Kafka, committed or not. */
    private List<ProducerRecord<byte[], byte[]>> sent() {
        List<ProducerRecord<byte[], byte[]>> all = new ArrayList<>(kafka.history());
        all.addAll(kafka.uncommittedRecords());
        return all;
    }

    private static ProducerRecord<byte[], byte[]> reply(String correlationId, String value) {
        ProducerRecord<byte[], byte[]> reply = new ProducerRecord<>("replies", value.getBytes(StandardCharsets.UTF_8));
        reply.headers().add(Headers.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        return reply;
    }

    private static ProducerRecord<byte[], byte[]> record(String value) {
        return new ProducerRecord<>("events", value.getBytes(StandardCharsets.UTF_8));
    }

    private void inTransaction() {
        producer.initTransactions();
        producer.beginTransaction();
    }

    @Nested
    class Producer {

        @Test
        void shouldHoldWhatIsSentUntilReleasedAndWriteTheViewBeforeSendingIt() {
            inTransaction();
            producer.send(record("a"));
            producer.send(record("b"));
            assertThat(sent()).isEmpty();

            producer.release();

            assertThat(calls).containsExactly("view", "send a", "send b");
            assertThat(sent()).hasSize(2);
            assertThat(producer.held()).isZero();
        }

        @Test
        void shouldReleaseBeforeTheTransactionIsFlushedAndCommitted() {
            inTransaction();
            producer.send(record("a"));
            producer.flush();
            producer.send(record("b"));
            producer.sendOffsetsToTransaction(Map.of(), new ConsumerGroupMetadata("g"));
            producer.send(record("c"));
            producer.commitTransaction();

            // (MockProducer flushes itself inside commit, hence only the start is exact.)
            assertThat(calls).startsWith("view", "send a", "flush", "view", "send b", "view", "send c", "commit");
            assertThat(kafka.transactionCommitted()).isTrue();
        }

        @Test
        void shouldDropWhatIsHeldAndThePendingViewWhenTheTransactionIsAborted() {
            inTransaction();
            producer.send(record("a"));

            producer.abortTransaction();

            assertThat(calls).startsWith("discard", "abort").doesNotContain("view", "send a");
            assertThat(sent()).isEmpty();
            assertThat(producer.held()).isZero();
        }

        @Test
        void shouldSendNothingWhenWritingTheViewFails() {
            ViewFirstProducer failing = clients(() -> {
                throw new IllegalStateException("Redis is down");
            }, () -> { }).holding(kafka);
            failing.initTransactions();
            failing.beginTransaction();
            failing.send(record("a"));

            assertThatThrownBy(failing::commitTransaction).hasMessage("Redis is down");
            assertThatThrownBy(failing::release).hasRootCauseMessage("Redis is down");
            assertThat(sent()).isEmpty();
            assertThat(kafka.transactionCommitted()).isFalse();
        }

        @Test
        void shouldSendNothingMoreOnceAViewWriteFailedUntilTheTransactionIsAborted() {
            java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
            ViewFirstProducer flaky = clients(() -> {
                if (writes.getAndIncrement() == 0) {
                    throw new IllegalStateException("Redis timed out");
                }
                calls.add("view");
            }, () -> calls.add("discard")).holding(kafka);
            flaky.initTransactions();
            flaky.beginTransaction();
            flaky.send(record("a"));
            assertThatThrownBy(flaky::release).hasMessage("Redis timed out");

            // Kafka Streams flushes the tasks it closes after the failure: nothing leaves, Redis is not asked again
            assertThatThrownBy(flaky::flush).hasRootCauseMessage("Redis timed out");
            assertThat(sent()).isEmpty();
            assertThat(writes).hasValue(1);

            // the transaction is aborted and the commands processed again in a new one
            flaky.abortTransaction();
            flaky.beginTransaction();
            flaky.send(record("a again"));
            flaky.flush();
            assertThat(calls).containsSubsequence("discard", "view", "send a again").doesNotContain("send a");
        }

        @Test
        void shouldHandAReplyThatThisProcessAwaitsOverAfterTheViewInsteadOfSendingIt() {
            localReplies.await("cmd-1", bytes -> calls.add("handed over " + new String(bytes, StandardCharsets.UTF_8)));
            inTransaction();
            producer.send(reply("cmd-1", "accepted 1"));
            producer.send(reply("cmd-2", "accepted 2"));
            producer.send(record("event"));
            assertThat(calls).isEmpty();

            producer.release();

            // the awaited reply in memory, the other one (a request of another process) and the event to Kafka
            assertThat(calls).containsExactly("view", "handed over accepted 1", "send accepted 2", "send event");
            assertThat(sent()).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactly("accepted 2", "event");
        }

        @Test
        void shouldSendTheReplyOfARedoneTransactionOnceItsRequestWasAnswered() {
            localReplies.await("cmd-1", bytes -> calls.add("handed over"));
            inTransaction();
            producer.send(reply("cmd-1", "accepted"));
            producer.release();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(reply("cmd-1", "accepted"));
            producer.release();

            assertThat(calls).containsSubsequence("handed over", "send accepted");
        }

        @Test
        void shouldReleaseEarlyWhenItHoldsTheMost() {
            inTransaction();
            for (int i = 0; i < ViewFirstProducer.MAX_HELD - 1; i++) {
                producer.send(record("r" + i));
            }
            assertThat(sent()).isEmpty();

            producer.send(record("last"));

            assertThat(sent()).hasSize(ViewFirstProducer.MAX_HELD);
            assertThat(calls.get(0)).isEqualTo("view");
        }

        @Test
        void shouldReportASendKafkaRefusesThroughItsCallbackAndFuture() throws Exception {
            MockProducer<byte[], byte[]> refusing = new MockProducer<>(true, null, new ByteArraySerializer(),
                    new ByteArraySerializer());
            ViewFirstProducer p = clients.holding(refusing);
            p.initTransactions();
            p.beginTransaction();
            refusing.fenceProducer();
            AtomicReference<Exception> reported = new AtomicReference<>();
            var future = p.send(record("a"), (metadata, e) -> reported.set(e));

            p.release();

            assertThat(reported.get()).isInstanceOf(KafkaException.class);
            assertThatThrownBy(future::get).hasCauseInstanceOf(KafkaException.class);
        }

        @Test
        void shouldCompleteTheFutureAndCallbackOfASentRecord() throws Exception {
            inTransaction();
            AtomicReference<Object> told = new AtomicReference<>();
            var future = producer.send(record("a"), (metadata, e) -> told.set(metadata != null ? metadata : e));

            producer.release();

            assertThat(future.get().topic()).isEqualTo("events");
            assertThat(told.get()).isEqualTo(future.get());
        }
    }

    @Nested
    class MainConsumer {

        private final MockConsumer<byte[], byte[]> mock = new MockConsumer<>("earliest");
        private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer = clients.releasingBeforePoll(mock);

        @Test
        void shouldReleaseWhatThePollingThreadSentBeforeItPolls() {
            inTransaction();
            producer.send(record("a"));
            mock.subscribe(List.of("commands"));

            consumer.poll(Duration.ZERO);

            assertThat(calls).containsExactly("view", "send a");
            assertThat(sent()).hasSize(1);
        }

        @Test
        void shouldLeaveAnotherThreadsRecordsHeld() throws Exception {
            Thread other = new Thread(() -> {
                inTransaction();
                producer.send(record("a"));
            });
            other.start();
            other.join();
            mock.subscribe(List.of("commands"));

            consumer.poll(Duration.ZERO);

            assertThat(producer.held()).isOne();
            assertThat(sent()).isEmpty();
        }

        @Test
        void shouldPassEveryOtherCallOnUnchanged() {
            mock.subscribe(List.of("commands"));

            assertThat(consumer.subscription()).containsExactly("commands");
            assertThat(new ArrayList<>(calls)).isEmpty();
        }
    }
}
