package io.taskcast.kafka.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchReportTest {

    @Test
    void shouldPrintContextThenAnAlignedTableWithTheRate() {
        BenchReport report = new BenchReport(List.of("machine: 2 cores"), List.of(
                new BenchReport.Row("redis", 1_000_000, 1_000, 12.5, 3.2, List.of()),
                new BenchReport.Row("all", 1_000_000, 1_000, 40.0, -1, List.of())));

        assertThat(report.ok()).isTrue();
        assertThat(report.text()).isEqualTo("""
                machine: 2 cores

                | target |    events | tasks | seconds | events/s | load 1m | check |
                | ------ | --------- | ----- | ------- | -------- | ------- | ----- |
                | redis  | 1,000,000 | 1,000 |    12.5 |   80,000 |    3.20 | ok    |
                | all    | 1,000,000 | 1,000 |    40.0 |   25,000 |     n/a | ok    |
                """);
    }

    @Test
    void shouldReportAFailedCheckWithItsProblems() {
        BenchReport report = new BenchReport(List.of(), List.of(
                new BenchReport.Row("postgres", 10, 1, 1.0, 1.0, List.of("events written: 9, expected 10"))));

        assertThat(report.ok()).isFalse();
        assertThat(report.text()).contains("| FAILED |").endsWith("postgres: events written: 9, expected 10\n");
    }
}
