package io.taskcast.kafka.schemas.webhook;

import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A delivery survives the topic's JSON exactly, keeps its id across attempts, and never prints the secret. */
class WebhookDeliveryTest {

    private static final TaskEvent EVENT = new TaskEvent("01J0000000000000000000000E", "task-1", 3, 1_000, "llm.delta",
            Level.INFO, Json.mapper().readTree("{\"t\":\"hi\"}"), null, null, null, null);
    private static final WebhookConfig WEBHOOK = WebhookConfigs.parse(Json.mapper().readTree(
            "{\"url\":\"https://hooks.example.com/x\",\"secret\":\"s3cr3t-value\",\"wrap\":false,"
                    + "\"filter\":{\"types\":[\"llm.*\"],\"includeStatus\":false},\"retry\":{\"retries\":2,\"backoff\":\"fixed\"}}"),
            "w", RetryPolicy.DEFAULTS);

    @Test
    void shouldReadBackExactlyWhatWasWritten() {
        WebhookDelivery delivery = WebhookDelivery.first("t1", WEBHOOK, EVENT, 4).retryAt(5_000);

        assertThat(Json.fromBytes(Json.toBytes(delivery), WebhookDelivery.class)).isEqualTo(delivery);
    }

    @Test
    void shouldKeepItsIdAcrossRetriesAndResends() {
        WebhookDelivery first = WebhookDelivery.first("g0", WEBHOOK, EVENT, 0);
        WebhookDelivery third = first.retryAt(10).retryAt(20);

        assertThat(first.deliveryId()).isEqualTo("msg_01J0000000000000000000000E_g0");
        assertThat(third.deliveryId()).isEqualTo(first.deliveryId());
        assertThat(third.attempt()).isEqualTo(3);
        assertThat(third.dueAt()).isEqualTo(20);
        assertThat(third.resent()).isEqualTo(first);
    }

    @Test
    void shouldNeverPrintTheSecret() {
        assertThat(WebhookDelivery.first("t0", WEBHOOK, EVENT, 0).toString()).doesNotContain("s3cr3t-value");
    }
}
