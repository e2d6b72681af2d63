package io.taskcast.kafka.launcher;

import io.taskcast.kafka.processor.replay.ReplayRequest;
import io.taskcast.kafka.processor.replay.ReplayTarget;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayCommandTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldParseTargetWindowTaskAndPrefixIntoARequest() {
        ReplayCommand command = parse("--target", "Redis", "--since", "2h", "--task", "t-1",
                "--topic-prefix", "blue", "--kafka", "k:9092");

        ReplayRequest request = command.request(CLOCK);

        assertThat(request.target()).isEqualTo(ReplayTarget.REDIS);
        assertThat(request.since()).isEqualTo(Instant.parse("2025-06-01T10:00:00Z"));
        assertThat(request.taskId()).isEqualTo("t-1");
        assertThat(request.topics().tasks().name()).isEqualTo("blue-tasks");
        assertThat(command.services.kafka).isEqualTo("k:9092");
    }

    @Test
    void shouldReplayFromTheBeginningByDefault() {
        assertThat(parse("--target", "all").request(CLOCK).since()).isNull();
        assertThat(parse("--target", "postgres", "--from-beginning").request(CLOCK).since()).isNull();
    }

    @Test
    void shouldRejectSinceTogetherWithFromBeginning() {
        assertThatThrownBy(() -> parse("--target", "all", "--from-beginning", "--since", "1h"))
                .isInstanceOf(CommandLine.MutuallyExclusiveArgsException.class);
    }

    @Test
    void shouldRejectAnUnknownTargetOrAMissingOne() {
        assertThatThrownBy(() -> parse("--target", "mongo")).hasMessageContaining("redis, postgres or all");
        assertThatThrownBy(() -> parse()).isInstanceOf(CommandLine.MissingParameterException.class);
    }

    private static ReplayCommand parse(String... args) {
        ReplayCommand command = new ReplayCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
