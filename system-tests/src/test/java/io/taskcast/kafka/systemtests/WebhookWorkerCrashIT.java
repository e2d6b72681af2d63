package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.testkit.FreePort;
import io.taskcast.kafka.testkit.WebhookReceiver;
import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.schemas.topic.Topics;
import io.taskcast.kafka.schemas.webhook.WebhookDelivery;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The webhook worker as its own process, killed with SIGKILL while a delivery waits for its retry:
 * the retry is in the log, so a new worker sends it at (or after) its time, under the same id.
 */
@ExtendWith(EmbeddedStackExtension.class)
class WebhookWorkerCrashIT {

    private static final String PREFIX = "whcrash";
    private static final Map<String, String> ENVIRONMENT = Map.of("TASKCAST_KAFKA_TOPIC_PREFIX", PREFIX,
            "TASKCAST_WEBHOOKS_ALLOW_LOOPBACK_TARGETS", "true");

    @RegisterExtension
    static final SharedTaskcast TASKCAST = SharedTaskcast.withRoles("webhook-crash", List.of("processor", "ingest"),
            ENVIRONMENT);

    @Test
    void shouldResumeTheRetryScheduleAfterTheWorkerIsKilled(EmbeddedStack stack, Http http) throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
             KafkaConsumer<String, WebhookDelivery> retries = retries(stack)) {
            // given a worker process and a receiver that fails the first request, retried after 5 s
            receiver.on("/flaky", attempt -> attempt == 1 ? 500 : 200);
            TaskcastProcess worker = startWorker(stack);
            String id = "crash-" + UUID.randomUUID();
            assertThat(http.post("/tasks", "{\"id\":\"" + id + "\",\"webhooks\":[{\"url\":\"" + receiver.url("/flaky")
                    + "\",\"retry\":{\"retries\":2,\"backoff\":\"fixed\",\"initialDelayMs\":5000}}]}").status())
                    .isEqualTo(201);
            http.patch("/tasks/" + id + "/status", "{\"status\":\"running\"}");

            // when the first attempt failed and its retry is on the retry topic, the worker dies
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received("/flaky").size() == 1);
            List<WebhookDelivery> scheduled = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, WebhookDelivery> r : retries.poll(Duration.ofMillis(200))) {
                    scheduled.add(r.value());
                }
                return scheduled.stream().anyMatch(d -> d.taskId().equals(id));
            });
            worker.kill();
            long firstAt = receiver.received("/flaky").get(0).at();
            WebhookDelivery retry = scheduled.stream().filter(d -> d.taskId().equals(id)).findFirst().orElseThrow();
            assertThat(retry.attempt()).isEqualTo(2);
            assertThat(retry.dueAt()).isGreaterThanOrEqualTo(firstAt + 5000);

            // then a new worker sends attempt 2, not before it is due, under the same webhook-id
            try (TaskcastProcess restarted = startWorker(stack)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> receiver.received("/flaky").size() >= 2);
                WebhookReceiver.Received second = receiver.received("/flaky").get(1);
                assertThat(second.at()).isGreaterThanOrEqualTo(retry.dueAt());
                assertThat(second.header("webhook-id")).isEqualTo(receiver.received("/flaky").get(0).header("webhook-id"))
                        .isEqualTo(retry.deliveryId());
                assertThat(restarted.isAlive()).isTrue();
            } finally {
                worker.close();
            }
        }
    }

    private static TaskcastProcess startWorker(EmbeddedStack stack) {
        int port = FreePort.next();
        TaskcastProcess worker = TaskcastProcess.start(ENVIRONMENT, List.of(), "run", "--roles", "webhooks",
                "--port", String.valueOf(port), "--kafka", stack.kafkaBootstrapServers(), "--redis-url", stack.redisUrl(),
                "--state-dir", Path.of("target", "it-webhook-worker-" + port).toString());
        worker.awaitReady(Duration.ofSeconds(90));
        return worker;
    }

    private static KafkaConsumer<String, WebhookDelivery> retries(EmbeddedStack stack) {
        Topics topics = Topics.withPrefix(PREFIX);
        KafkaConsumer<String, WebhookDelivery> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "webhook-crash-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), topics.webhookRetries().valueSerde().deserializer());
        consumer.subscribe(List.of(topics.webhookRetries().name()));
        return consumer;
    }
}
