package io.taskcast.kafka.webhook.worker;

import io.taskcast.kafka.platform.config.TaskcastProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the worker's consumer joins its group: a killed worker must not hold its deliveries for Kafka's default 45 s. */
class WebhookWorkerConsumerConfigTest {

    private static final TaskcastProperties.Kafka KAFKA = new TaskcastProperties.Kafka("k:9092", "t", 3, (short) 1,
            Duration.ofSeconds(15), Duration.ofDays(7));

    @Test
    void shouldUseTheConfiguredSessionTimeoutForTheWorkerGroup() {
        WebhookWorkerProperties worker = new WebhookWorkerProperties(8, 64, 10_000, Duration.ofSeconds(5),
                Duration.ofSeconds(7));

        Map<String, Object> config = WebhookWorkerAutoConfiguration.consumerConfig(KAFKA, worker);

        assertThat(config).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 7_000)
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "t-webhooks")
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    }

    @Test
    void shouldDefaultToATenSecondSessionTimeout() {
        WebhookWorkerProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("taskcast.webhook-worker", WebhookWorkerProperties.class);

        assertThat(WebhookWorkerAutoConfiguration.consumerConfig(KAFKA, defaults))
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    }

    @Test
    void shouldRefuseASessionTimeoutThatIsNotPositive() {
        assertThatThrownBy(() -> new WebhookWorkerProperties(8, 64, 10_000, Duration.ofSeconds(5), Duration.ZERO))
                .hasMessage("taskcast.webhook-worker.session-timeout must be positive, got PT0S");
    }
}
