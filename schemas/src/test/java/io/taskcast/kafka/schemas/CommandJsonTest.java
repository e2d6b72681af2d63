package io.taskcast.kafka.schemas;

import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.ResolveTask;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.NullNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Commands and events survive the trip through {@link Json}, the one mapper every topic uses. */
class CommandJsonTest {

    @ParameterizedTest
    @MethodSource("io.taskcast.kafka.schemas.Samples#commands")
    void shouldReadBackEveryCommandAsWritten(Command command) {
        byte[] json = Json.toBytes(command);

        Command read = Json.fromBytes(json, Command.class);

        assertThat(read).isEqualTo(command);
    }

    @Test
    void shouldReadJavaNullDataBackAsNullNode() {
        ResolveTask withJavaNull = new ResolveTask("cmd-1", Samples.TASK_ID, null);

        byte[] json = Json.toBytes(withJavaNull);
        ResolveTask read = (ResolveTask) Json.fromBytes(json, Command.class);

        // Both spellings of "no data" write the same bytes; a reader always sees NullNode.
        assertThat(json).isEqualTo(Json.toBytes(new ResolveTask("cmd-1", Samples.TASK_ID, NullNode.getInstance())));
        assertThat(read.data()).isEqualTo(NullNode.getInstance());
    }

    @Test
    void shouldWriteNullDataButOmitAbsentOptionalFields() {
        String json = Json.toString(Samples.nullDataEvent());

        assertThat(json).contains("\"data\":null")
                .doesNotContain("\"seriesId\"", "\"seriesMode\"", "\"seriesAccField\"", "\"seriesSnapshot\"");
    }
}
