package io.taskcast.kafka.webhook.worker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.hooks.TaskcastHooks;
import io.taskcast.kafka.platform.hooks.WebhookFailed;
import io.taskcast.kafka.platform.redis.FailedDeliveries;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Headers;
import io.taskcast.kafka.schemas.topic.Topics;
import io.taskcast.kafka.schemas.webhook.RetryPolicy;
import io.taskcast.kafka.schemas.webhook.WebhookConfigs;
import io.taskcast.kafka.schemas.webhook.WebhookDelivery;
import io.taskcast.kafka.webhook.DeliveryOutcome;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** After an attempt: done, rescheduled at the policy's delay, or dead-lettered with the reason. */
class DeliveryResultsTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final Topics TOPICS = Topics.withPrefix("t");
    private static final TopicPartition PARTITION = new TopicPartition("t-webhook-deliveries", 0);

    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final List<FailedDeliveries.Failed> listed = new ArrayList<>();
    private final OffsetTracker tracker = new OffsetTracker();
    private final List<WebhookFailed> hooked = new ArrayList<>();
    private final DeliveryResults results = new DeliveryResults(producer, TOPICS, listed::add, tracker,
            new WebhookMetrics(new SimpleMeterRegistry()), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
            new HookDispatcher(List.of(new TaskcastHooks() {
                @Override
                public void onWebhookFailed(WebhookFailed failed) {
                    hooked.add(failed);
                }
            })));

    @Test
    void shouldRescheduleAFailedAttemptAtThePolicysDelay() {
        WebhookDelivery second = delivery().retryAt(NOW - 10);

        results.accept(job(second), failure(DeliveryOutcome.Kind.HTTP_ERROR, "HTTP 503"));

        ProducerRecord<String, byte[]> retry = producer.history().get(0);
        assertThat(retry.topic()).isEqualTo("t-webhook-retries");
        assertThat(retry.key()).isEqualTo("task-1");
        // exponential from 1,000 ms: before attempt 3 comes 2,000 ms
        assertThat(Json.fromBytes(retry.value(), WebhookDelivery.class)).isEqualTo(second.retryAt(NOW + 2_000));
        assertThat(listed).isEmpty();
        assertThat(tracker.committable()).isEqualTo(Map.of(PARTITION, new OffsetAndMetadata(8)));
    }

    @Test
    void shouldDeadLetterWhenAttemptsRunOut() {
        WebhookDelivery last = delivery().retryAt(1).retryAt(2).retryAt(3);

        results.accept(job(last), failure(DeliveryOutcome.Kind.TIMEOUT, "no answer within 5000 ms"));

        ProducerRecord<String, byte[]> dead = producer.history().get(0);
        assertThat(dead.topic()).isEqualTo("t-webhook-dlq");
        assertThat(new String(dead.headers().lastHeader(Headers.DLQ_REASON).value(), StandardCharsets.UTF_8))
                .isEqualTo("no answer within 5000 ms");
        assertThat(new String(dead.headers().lastHeader(Headers.DLQ_ATTEMPTS).value(), StandardCharsets.UTF_8))
                .isEqualTo("4");
        assertThat(listed).containsExactly(new FailedDeliveries.Failed(last, 4, "no answer within 5000 ms", NOW));
        assertThat(hooked).containsExactly(new WebhookFailed("task-1", last.deliveryId(), "t0",
                "https://hooks.example.com/", "01J0000000000000000000000E", "x", 4,
                WebhookFailed.Cause.ATTEMPTS_EXHAUSTED, "no answer within 5000 ms"));
    }

    @Test
    void shouldNeverRetryARefusedTarget() {
        results.accept(job(delivery()), failure(DeliveryOutcome.Kind.REFUSED, "webhook target 10.0.0.1 is private"));

        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly("t-webhook-dlq");
        assertThat(listed).extracting(FailedDeliveries.Failed::attempts).containsExactly(1);
        assertThat(hooked).extracting(WebhookFailed::cause).containsExactly(WebhookFailed.Cause.TARGET_REFUSED);
    }

    @Test
    void shouldFinishADeliveredRecordWithoutWritingAnything() {
        results.accept(job(delivery()), new DeliveryOutcome(DeliveryOutcome.Kind.DELIVERED, 204, null, Duration.ZERO));

        assertThat(producer.history()).isEmpty();
        assertThat(tracker.pendingCount()).isZero();
        assertThat(hooked).isEmpty();
    }

    private DeliveryJob job(WebhookDelivery delivery) {
        tracker.polled(PARTITION, 7);
        return new DeliveryJob(PARTITION, 7, delivery);
    }

    private static WebhookDelivery delivery() {
        TaskEvent event = new TaskEvent("01J0000000000000000000000E", "task-1", 0, 0, "x", Level.INFO, null, null,
                null, null, null);
        return WebhookDelivery.first("t0", WebhookConfigs.parse(Json.mapper().readTree(
                "{\"url\":\"https://hooks.example.com/\"}"), "w", RetryPolicy.DEFAULTS), event, 0);
    }

    private static DeliveryOutcome failure(DeliveryOutcome.Kind kind, String why) {
        return new DeliveryOutcome(kind, null, why, Duration.ofMillis(3));
    }
}
