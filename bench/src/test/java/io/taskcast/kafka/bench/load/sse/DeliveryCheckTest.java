package io.taskcast.kafka.bench.load.sse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryCheckTest {

    private final DeliveryCheck check = new DeliveryCheck();

    @Test
    void shouldPassEveryEventOnceInOrderThenDoneThenClose() {
        receive(0, 1, 2);
        check.onDone("completed");
        check.onClosed();

        assertThat(check.verify(3, "completed")).isNull();
    }

    @Test
    void shouldFailADuplicate() {
        receive(0, 1, 1, 2);
        end();

        assertThat(check.verify(3, "completed")).contains("event 1 again or out of order");
    }

    @Test
    void shouldFailAGap() {
        receive(0, 2);
        end();

        assertThat(check.verify(3, "completed")).contains("events 1..1 missing before 2");
    }

    @Test
    void shouldFailMissingEventsAtTheEnd() {
        receive(0, 1);
        end();

        assertThat(check.verify(3, "completed")).isEqualTo("got 2 of 3 events");
    }

    @Test
    void shouldFailWithoutDoneOrClose() {
        receive(0);
        assertThat(check.verify(1, "completed")).isEqualTo("no taskcast.done");

        check.onDone("completed");
        assertThat(check.verify(1, "completed")).contains("did not close");
    }

    @Test
    void shouldFailAnEventAfterDoneAndAWrongReason() {
        check.onDone("failed");
        assertThat(check.verify(0, "completed")).contains("reason failed");

        receive(0);
        assertThat(check.verify(0, "completed")).contains("after the end");
    }

    private void receive(long... seqs) {
        for (long seq : seqs) {
            check.onEvent(seq);
        }
    }

    private void end() {
        check.onDone("completed");
        check.onClosed();
    }
}
