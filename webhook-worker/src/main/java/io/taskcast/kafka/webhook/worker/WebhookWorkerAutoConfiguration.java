package io.taskcast.kafka.webhook.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskcast.kafka.platform.PlatformAutoConfiguration;
import io.taskcast.kafka.platform.config.ConditionalOnRole;
import io.taskcast.kafka.platform.config.Role;
import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.health.DependencyCheck;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.kafka.ConsumerLoop;
import io.taskcast.kafka.platform.kafka.KafkaClientConfigs;
import io.taskcast.kafka.platform.kafka.TopicProvisioner;
import io.taskcast.kafka.platform.metrics.KafkaMeters;
import io.taskcast.kafka.platform.redis.FailedDeliveries;
import io.taskcast.kafka.schemas.topic.Topics;
import io.taskcast.kafka.webhook.SsrfGuard;
import io.taskcast.kafka.webhook.WebhookSender;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.time.Clock;
import java.util.Map;

/** The webhook worker role: delivers what the processor fans out, with retries and dead letters. */
@AutoConfiguration(after = PlatformAutoConfiguration.class)
@ConditionalOnRole(Role.WEBHOOKS)
@EnableConfigurationProperties(WebhookWorkerProperties.class)
public class WebhookWorkerAutoConfiguration {

    @Bean
    WebhookWorker webhookWorker(TaskcastProperties taskcast, WebhookWorkerProperties worker, Topics topics,
                                FailedDeliveries failed, ObjectProvider<MeterRegistry> registry,
                                KafkaMeters kafkaMeters, HookDispatcher hooks,
                                TopicProvisioner provisionedFirst) {
        WebhookMetrics metrics = new WebhookMetrics(registry.getIfAvailable(SimpleMeterRegistry::new));
        Clock clock = Clock.systemUTC();
        SsrfGuard guard = new SsrfGuard(taskcast.webhooks().allowLoopbackTargets(),
                taskcast.webhooks().allowPrivateTargets());
        WebhookSender sender = new WebhookSender(WebhookSender.newHttpClient(worker.connectTimeout()), guard);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClientConfigs.reliableWriter(taskcast.kafka()));
        OffsetTracker tracker = new OffsetTracker();
        DeliveryDispatcher dispatcher = new DeliveryDispatcher(new DeliveryAttempt(sender, metrics, clock),
                new DeliveryResults(producer, topics, failed::add, tracker, metrics, clock, hooks),
                worker.perReceiverConcurrency(), worker.senderThreads(), clock);
        Map<String, Object> consumerConfig = consumerConfig(taskcast.kafka(), worker);
        return new WebhookWorker(kafkaMeters.<String, byte[]>binding(() -> new KafkaConsumer<>(consumerConfig)),
                producer, topics, tracker, dispatcher, worker.maxPending(), hooks, ConsumerLoop.Settings.defaults());
    }

    /** Readiness is down while the worker's loop fails, and for good if it could not go on. */
    @Bean
    DependencyCheck webhookWorkerCheck(WebhookWorker worker) {
        return worker.readiness();
    }

    /**
     * Only deliveries of committed processor transactions: an aborted event is never sent. A killed
     * worker's partitions wait {@code session-timeout} for it before its restart or another worker
     * takes them (Kafka's default, 45 s, would hold those deliveries that long).
     */
    static Map<String, Object> consumerConfig(TaskcastProperties.Kafka kafka, WebhookWorkerProperties worker) {
        Map<String, Object> config = KafkaClientConfigs.committedReader(kafka, "webhooks", 500);
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) worker.sessionTimeout().toMillis());
        return config;
    }
}
