package io.taskcast.kafka.bench.load.throughput;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderCheckTest {

    @Test
    void shouldAcceptIncreasingNumbersWithContiguousIndexesPerTask() {
        OrderCheck check = new OrderCheck();
        check.observe("a", 0, 1);
        check.observe("b", 1, 5);
        check.observe("a", 2, 2);
        check.observe("b", 3, 6);

        assertThat(check.problem()).isNull();
    }

    @Test
    void shouldReportAnIndexGapAndAnOutOfOrderNumber() {
        OrderCheck check = new OrderCheck();
        check.observe("a", 0, 1);
        check.observe("a", 2, 3);
        check.observe("a", 1, 4);

        assertThat(check.problem()).isEqualTo(
                "2 events out of order or with an index gap (first: a: #2 at index 3 after #0 at index 1)");
    }
}
