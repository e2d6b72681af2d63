package io.taskcast.kafka.bench.load.publish;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class EventBodiesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void shouldWriteAnEventWithAbout200BytesOfDataAndItsSeq() {
        JsonNode event = JSON.readTree(EventBodies.single(17));

        assertThat(event.path("type").asString()).isEqualTo(EventBodies.TYPE);
        assertThat(event.path("data").path("seq").asLong()).isEqualTo(17);
        assertThat(event.path("data").toString().length()).isBetween(180, 220);
    }

    @Test
    void shouldWriteABatchWithConsecutiveSeqs() {
        JsonNode batch = JSON.readTree(EventBodies.batch(100, 3));

        assertThat(batch.size()).isEqualTo(3);
        assertThat(batch.get(0).path("data").path("seq").asLong()).isEqualTo(100);
        assertThat(batch.get(2).path("data").path("seq").asLong()).isEqualTo(102);
    }
}
