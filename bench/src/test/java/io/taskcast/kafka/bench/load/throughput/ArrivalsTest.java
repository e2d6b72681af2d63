package io.taskcast.kafka.bench.load.throughput;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArrivalsTest {

    @Test
    void shouldFindNoProblemWhenEverySentNumberArrivedOnce() {
        Arrivals arrivals = new Arrivals();
        assertThat(arrivals.arrive(2)).isTrue();
        assertThat(arrivals.arrive(0)).isTrue();
        assertThat(arrivals.arrive(1)).isTrue();

        assertThat(arrivals.arrived()).isEqualTo(3);
        assertThat(arrivals.problem(3)).isNull();
    }

    @Test
    void shouldReportMissingUnexpectedAndDuplicateNumbers() {
        Arrivals arrivals = new Arrivals();
        arrivals.arrive(0);
        arrivals.arrive(2);
        assertThat(arrivals.arrive(2)).isFalse();
        arrivals.arrive(7);

        assertThat(arrivals.problem(4))
                .isEqualTo("2 of 4 never arrived (first: #1); 1 arrived that were never sent; 1 arrived twice");
    }
}
