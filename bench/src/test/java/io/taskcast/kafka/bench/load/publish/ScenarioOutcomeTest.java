package io.taskcast.kafka.bench.load.publish;

import io.taskcast.kafka.bench.load.Latencies;
import io.taskcast.kafka.bench.load.LoadReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioOutcomeTest {

    private final LoadReport row = ScenarioOutcome.row("publish", "8 connections, 30 s", 5_000,
            new Latencies.Summary(100, 1, 2, 3, 4), 0, 150, 400, Target.publish(8));

    @Test
    void shouldPrintTheRowAndOkWhenNothingWentWrong() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = ScenarioOutcome.print(new PrintStream(out, true, StandardCharsets.UTF_8), row,
                ScenarioOutcome.problems(0, null, List.of()), "all there");

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("5,000").contains("met").endsWith("check: ok — all there\n");
    }

    @Test
    void shouldFailOnErrorsAndHistoryProblems() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = ScenarioOutcome.print(new PrintStream(out, true, StandardCharsets.UTF_8), row,
                ScenarioOutcome.problems(2, "answered 503", List.of("task t: seq 0 twice (again at index 2)")), "unused");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("FAILED:\n"
                + "  2 request(s) not answered 201, the first: answered 503\n"
                + "  task t: seq 0 twice (again at index 2)\n");
    }

    @Test
    void shouldLeaveTheTargetOutWhenTheSettingsHaveNone() {
        LoadReport none = ScenarioOutcome.row("publish", "16 connections", 1, new Latencies.Summary(1, 1, 1, 1, 1),
                0, -1, -1, Optional.empty());

        assertThat(none.target()).isNull();
        assertThat(none.met()).isNull();
    }
}
