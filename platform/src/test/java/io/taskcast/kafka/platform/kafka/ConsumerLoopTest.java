package io.taskcast.kafka.platform.kafka;

import io.taskcast.kafka.platform.health.DependencyStatus;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.hooks.TaskcastHooks;
import io.taskcast.kafka.platform.hooks.UnhandledError;
import io.taskcast.kafka.testkit.FaultyConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The loop's own rules, on a stand-in consumer (each role's loop is tested against the real broker
 * in its module): what it retries, what ends the process, how it stops, what readiness says.
 */
class ConsumerLoopTest {

    private static final TopicPartition PARTITION = new TopicPartition("loop-test", 0);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
    private final FaultyConsumer faults = new FaultyConsumer();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final List<UnhandledError> told = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final AtomicInteger rewinds = new AtomicInteger();
    private ConsumerLoop<String, String> loop;
    private long offset;

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.stop();
        }
    }

    @Test
    void shouldRetryAFailedHandlingAndAskTheBodyToPrepareItsRetry() {
        // given: a body that fails on its first batch
        AtomicInteger attempts = new AtomicInteger();
        start(new Recording() {
            @Override
            public void handle(Consumer<String, String> c, ConsumerRecords<String, String> records) {
                if (!records.isEmpty() && attempts.incrementAndGet() == 1) {
                    throw new KafkaException("injected: commit refused");
                }
                super.handle(c, records);
            }
        }, Duration.ofMillis(50));

        // when
        append("a");

        // then: the body was asked to prepare its retry, the hooks were told once, and the loop goes on
        append("b");
        await().atMost(WAIT).until(() -> handled.contains("b"));
        assertThat(rewinds).hasValue(1);
        assertThat(told).hasSize(1);
        assertThat(told.get(0).role()).isEqualTo("test");
        assertThat(told.get(0).context()).isEqualTo("test-loop consumer");
        assertThat(fatal).hasNullValue();
    }

    @Test
    void shouldRetryAWakeUpThatNoStopAskedFor() {
        // given
        start(new Recording(), Duration.ofMillis(50));

        // when
        faults.failNextPolls(new WakeupException());
        append("a");

        // then
        await().atMost(WAIT).until(() -> handled.contains("a"));
        assertThat(loop.alive()).isTrue();
    }

    @Test
    void shouldEndTheProcessLoudlyAndStayUnreadyWhenAFailureCannotBeRetried() {
        // given
        start(new Recording(), Duration.ofMillis(50));

        // when: the broker refuses the topic to these credentials
        faults.failNextPolls(new TopicAuthorizationException(Set.of("loop-test")));

        // then: the fatal handler ran, the thread ended, readiness is down for good
        await().atMost(WAIT).until(() -> fatal.get() != null);
        assertThat(fatal.get()).isInstanceOf(TopicAuthorizationException.class);
        await().atMost(WAIT).until(() -> !loop.alive());
        DependencyStatus status = loop.check().block();
        assertThat(status.ok()).isFalse();
        assertThat(status.detail()).startsWith("stopped: TopicAuthorizationException");
        assertThat(told).hasSize(1);
    }

    @Test
    void shouldStopAtOnceWhileWaitingToRetry() {
        // given: a loop waiting out a long backoff
        loop = new ConsumerLoop<>("test-loop", "test", faults.wrap(() -> consumer), Duration.ofMillis(10),
                new Recording(), ConsumerLoop.Settings.defaults().withFatal((name, e) -> fatal.set(e))
                .withBackoff(Duration.ofSeconds(60), Duration.ofSeconds(60)), hooks());
        loop.start();
        faults.failNextPolls(new KafkaException("injected"));
        await().atMost(WAIT).until(faults::queueThrown);

        // when
        long started = System.nanoTime();
        loop.stop();

        // then
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(loop.alive()).isFalse();
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void shouldReportNotStartedAsUnready() {
        loop = new ConsumerLoop<>("test-loop", "test", () -> consumer, Duration.ofMillis(10), new Recording(),
                ConsumerLoop.Settings.defaults(), hooks());

        assertThat(loop.check().block().ok()).isFalse();
        assertThat(loop.check().block().detail()).isEqualTo("not started");
    }

    private void start(Recording body, Duration backoff) {
        loop = new ConsumerLoop<>("test-loop", "test", faults.wrap(() -> consumer), Duration.ofMillis(10), body,
                ConsumerLoop.Settings.defaults().withFatal((name, e) -> fatal.set(e)).withBackoff(backoff, backoff),
                hooks());
        loop.start();
        assertThat(loop.check().block().ok()).isTrue();
    }

    private HookDispatcher hooks() {
        return new HookDispatcher(List.of(new TaskcastHooks() {
            @Override
            public void onUnhandledError(UnhandledError error) {
                told.add(error);
            }
        }));
    }

    private void append(String value) {
        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(PARTITION.topic(), 0, offset++, "k", value)));
    }

    private class Recording implements ConsumerLoop.Body<String, String> {
        @Override
        public void open(Consumer<String, String> c) {
            c.assign(List.of(PARTITION));
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        }

        @Override
        public void handle(Consumer<String, String> c, ConsumerRecords<String, String> records) {
            records.forEach(r -> handled.add(r.value()));
        }

        @Override
        public void failed(Consumer<String, String> c, RuntimeException failure) {
            rewinds.incrementAndGet();
        }
    }
}
