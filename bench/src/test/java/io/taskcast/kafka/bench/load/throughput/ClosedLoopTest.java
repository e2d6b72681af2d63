package io.taskcast.kafka.bench.load.throughput;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClosedLoopTest {

    @Test
    void shouldCountEveryEchoedMessageAndFindNoProblem() throws InterruptedException {
        ClosedLoop loop = new ClosedLoop(10, 2);
        ClosedLoop.Sender echo = (first, count, sent) -> {
            for (long seq = first; seq < first + count; seq++) {
                loop.arrived(seq, sent);
            }
        };

        ClosedLoop.Result result = loop.run(List.of(echo), Duration.ZERO, Duration.ofMillis(100), Duration.ofSeconds(1),
                null);

        assertThat(result.problem()).isNull();
        assertThat(result.sent()).isPositive().isEven();
        assertThat(result.rate()).isPositive();
    }

    @Test
    void shouldFailARunWhoseMessagesAreLost() throws InterruptedException {
        ClosedLoop loop = new ClosedLoop(4, 1);
        ClosedLoop.Sender dropsOdd = (first, count, sent) -> {
            if (first % 2 == 0) {
                loop.arrived(first, sent);
            }
        };

        ClosedLoop.Result result = loop.run(List.of(dropsOdd), Duration.ZERO, Duration.ofMillis(50),
                Duration.ofMillis(50), null);

        assertThat(result.problem()).startsWith("4 of 8 never arrived (first: #1)");
    }
}
