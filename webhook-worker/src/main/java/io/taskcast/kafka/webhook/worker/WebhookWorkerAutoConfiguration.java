package io.taskcast.kafka.webhook.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskcast.kafka.platform.PlatformAutoConfiguration;
import io.taskcast.kafka.platform.config.ConditionalOnRole;
import io.taskcast.kafka.platform.config.Role;
import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.kafka.TopicProvisioner;
import io.taskcast.kafka.platform.redis.FailedDeliveries;
import io.taskcast.kafka.schemas.topic.Topics;
import io.taskcast.kafka.webhook.SsrfGuard;
import io.taskcast.kafka.webhook.WebhookSender;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** The webhook worker role: delivers what the processor fans out, with retries and dead letters. */
@AutoConfiguration(after = PlatformAutoConfiguration.class)
@ConditionalOnRole(Role.WEBHOOKS)
@EnableConfigurationProperties(WebhookWorkerProperties.class)
public class WebhookWorkerAutoConfiguration {

    @Bean
    WebhookWorker webhookWorker(TaskcastProperties taskcast, WebhookWorkerProperties worker, Topics topics,
                                FailedDeliveries failed, ObjectProvider<MeterRegistry> registry,
                                TopicProvisioner provisionedFirst) {
        WebhookMetrics metrics = new WebhookMetrics(registry.getIfAvailable(SimpleMeterRegistry::new));
        Clock clock = Clock.systemUTC();
        SsrfGuard guard = new SsrfGuard(taskcast.webhooks().allowLoopbackTargets(),
                taskcast.webhooks().allowPrivateTargets());
        WebhookSender sender = new WebhookSender(WebhookSender.newHttpClient(worker.connectTimeout()), guard);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(taskcast.kafka()));
        OffsetTracker tracker = new OffsetTracker();
        DeliveryDispatcher dispatcher = new DeliveryDispatcher(new DeliveryAttempt(sender, metrics, clock),
                new DeliveryResults(producer, topics, failed::add, tracker, metrics, clock),
                worker.perReceiverConcurrency(), worker.senderThreads(), clock);
        Map<String, Object> consumerConfig = consumerConfig(taskcast.kafka());
        return new WebhookWorker(() -> new KafkaConsumer<>(consumerConfig), producer, topics, tracker, dispatcher,
                worker.maxPending());
    }

    /** Its own group; only deliveries of committed processor transactions (an aborted event is never sent). */
    static Map<String, Object> consumerConfig(TaskcastProperties.Kafka kafka) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.topicPrefix() + "-webhooks");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    static Map<String, Object> producerConfig(TaskcastProperties.Kafka kafka) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }
}
