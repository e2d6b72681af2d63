package io.taskcast.kafka.testkit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SseParserTest {

    private final List<SseParser.Frame> frames = new ArrayList<>();
    private final SseParser parser = new SseParser(frames::add);

    @Test
    void shouldParseTaskcastFramesAndDropComments() {
        feed("event:taskcast.event\nid:01A\ndata:{\"a\":1}\n\n: keepalive\n\nevent:taskcast.done\ndata:{\"reason\":\"completed\"}\n\n");

        assertThat(frames).containsExactly(
                new SseParser.Frame("taskcast.event", "01A", "{\"a\":1}"),
                new SseParser.Frame("taskcast.done", null, "{\"reason\":\"completed\"}"));
    }

    @Test
    void shouldJoinChunksCutAnywhereEvenInsideACharacter() {
        byte[] bytes = "event: taskcast.event\r\ndata: {\"text\":\"héllo €\"}\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            parser.feed(new byte[]{b});
        }

        assertThat(frames).containsExactly(new SseParser.Frame("taskcast.event", null, "{\"text\":\"héllo €\"}"));
    }

    @Test
    void shouldJoinDataLinesAndWaitForTheBlankLine() {
        feed("data: one\ndata: two\n");
        assertThat(frames).isEmpty();

        feed("\n");
        assertThat(frames).containsExactly(new SseParser.Frame(null, null, "one\ntwo"));
    }

    private void feed(String text) {
        parser.feed(text.getBytes(StandardCharsets.UTF_8));
    }
}
