package io.taskcast.kafka.webhook;

import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.webhook.WebhookConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The bytes POSTed for one event: bare event or SSE envelope (api.md §1, §7). */
class DeliveryBodyTest {

    private static final TaskEvent EVENT = new TaskEvent("01J0EVENT0000000000000000", "t1", 7, 1_700_000_000_123L,
            "llm.delta", Level.INFO, Json.mapper().readTree("{\"text\":\"hi\"}"), null, null, null, null);

    @Test
    void shouldSendTheBareEventWhenNotWrapped() {
        assertThat(text(DeliveryBody.of(false, EVENT, 2))).isEqualTo("{\"id\":\"01J0EVENT0000000000000000\","
                + "\"taskId\":\"t1\",\"index\":7,\"timestamp\":1700000000123,\"type\":\"llm.delta\",\"level\":\"info\","
                + "\"data\":{\"text\":\"hi\"}}");
    }

    @Test
    void shouldSendTheEnvelopeNumberedByTheWebhooksFilteredIndex() {
        assertThat(text(DeliveryBody.of(true, EVENT, 2))).isEqualTo("{\"filteredIndex\":2,\"rawIndex\":7,"
                + "\"eventId\":\"01J0EVENT0000000000000000\",\"taskId\":\"t1\",\"type\":\"llm.delta\","
                + "\"timestamp\":1700000000123,\"level\":\"info\",\"data\":{\"text\":\"hi\"}}");
    }

    @Test
    void shouldKeepNullDataAndCarrySeriesFields() {
        TaskEvent series = new TaskEvent("e2", "t1", 0, 5, "llm.text", Level.DEBUG, null, "s1", SeriesMode.ACCUMULATE,
                "delta", null);

        assertThat(text(DeliveryBody.of(true, series, 0))).isEqualTo("{\"filteredIndex\":0,\"rawIndex\":0,"
                + "\"eventId\":\"e2\",\"taskId\":\"t1\",\"type\":\"llm.text\",\"timestamp\":5,\"level\":\"debug\","
                + "\"data\":null,\"seriesId\":\"s1\",\"seriesMode\":\"accumulate\",\"seriesAccField\":\"delta\"}");
        assertThat(text(DeliveryBody.of(false, series, 0))).contains("\"data\":null");
    }

    @Test
    void shouldFollowTheWebhooksWrapSetting() {
        WebhookConfig wrapped = WebhookConfig.of(URI.create("https://h.example/"));
        WebhookConfig bare = new WebhookConfig(wrapped.url(), null, null, false, null);

        assertThat(DeliveryBody.of(wrapped, EVENT, 3)).isEqualTo(DeliveryBody.of(true, EVENT, 3));
        assertThat(DeliveryBody.of(bare, EVENT, 3)).isEqualTo(DeliveryBody.of(false, EVENT, 3));
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
