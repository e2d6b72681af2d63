package io.taskcast.kafka.gateway.stream;

import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.TaskEvent;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiveBufferTest {

    @Test
    void shouldDeliverRecordsBufferedBeforeSubscription() {
        LiveBuffer buffer = new LiveBuffer(8);
        buffer.offer(record(0));
        buffer.offer(record(1));

        StepVerifier.create(buffer.records().map(r -> r.event().index()))
                .expectNext(0L, 1L)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void shouldEndTheStreamAtOnceWhenAClientFallsTooFarBehind() {
        // given: capacity 8, a client that requested nothing yet
        LiveBuffer buffer = new LiveBuffer(8);

        // when
        for (int i = 0; i < 20; i++) {
            buffer.offer(record(i));
        }

        // then: completes without delivering a backlog that keeps growing
        assertThat(buffer.overflowed()).isTrue();
        StepVerifier.create(buffer.records(), 0).expectComplete().verify(Duration.ofSeconds(5));
    }

    @Test
    void shouldReportTheFirstRecordThatDidNotFitOnce() {
        // given: capacity 8, a client that requested nothing yet
        List<Long> dropped = new ArrayList<>();
        LiveBuffer buffer = new LiveBuffer(8, "a stream", r -> dropped.add(r.event().index()));

        // when
        for (int i = 0; i < 20; i++) {
            buffer.offer(record(i));
        }

        // then: the 9th record is the one that did not fit; the stream closes, so the rest are the resume's
        assertThat(dropped).containsExactly(8L);
    }

    @Test
    void shouldReportNothingWhileTheClientKeepsUp() {
        List<Long> dropped = new ArrayList<>();
        LiveBuffer buffer = new LiveBuffer(8, "a stream", r -> dropped.add(r.event().index()));
        for (int i = 0; i < 8; i++) {
            buffer.offer(record(i));
        }

        assertThat(dropped).isEmpty();
    }

    private static EventRecord record(long index) {
        return EventRecord.plain(new TaskEvent("e" + index, "t", index, index, "log", Level.INFO, null, null, null, null, null));
    }
}
