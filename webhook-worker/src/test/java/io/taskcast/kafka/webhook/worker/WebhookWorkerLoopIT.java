package io.taskcast.kafka.webhook.worker;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.hooks.TaskcastHooks;
import io.taskcast.kafka.platform.hooks.UnhandledError;
import io.taskcast.kafka.platform.kafka.ConsumerLoop;
import io.taskcast.kafka.platform.kafka.KafkaClientConfigs;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Topics;
import io.taskcast.kafka.schemas.webhook.WebhookConfig;
import io.taskcast.kafka.schemas.webhook.WebhookDelivery;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import io.taskcast.kafka.testkit.FaultyConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The webhook worker's consumer loop on a real broker, its polls failing on demand: it carries on
 * after a failed commit and another Kafka error, and readiness is down while it cannot read; a
 * batch that fails part-way is taken up again at the first record not handed over.
 */
@ExtendWith(EmbeddedStackExtension.class)
class WebhookWorkerLoopIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final FaultyConsumer faults = new FaultyConsumer();
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    /** Every hand-over to the dispatcher, in order, repeats included. */
    private final List<String> handedOver = new CopyOnWriteArrayList<>();
    private TaskcastProperties.Kafka kafka;
    private Topics topics;
    private KafkaProducer<String, byte[]> producer;
    private WebhookWorker worker;

    @BeforeEach
    void topics(EmbeddedStack stack) throws Exception {
        String prefix = "webhook-loop-" + UUID.randomUUID();
        topics = Topics.withPrefix(prefix);
        kafka = new TaskcastProperties.Kafka(stack.kafkaBootstrapServers(), prefix, 2, (short) 1, Duration.ofSeconds(15));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topics.webhookDeliveries().name(), 2, (short) 1),
                    new NewTopic(topics.webhookRetries().name(), 2, (short) 1),
                    new NewTopic(topics.webhookDlq().name(), 1, (short) 1))).all().get();
        }
        producer = new KafkaProducer<>(KafkaClientConfigs.reliableWriter(kafka));
    }

    /** A worker whose consumer fails as {@link #faults} says, dead-lettering with {@code deadLetters}. */
    private void startWorker(Producer<String, byte[]> deadLetters, HookDispatcher hooks) {
        OffsetTracker tracker = new OffsetTracker();
        DeliveryDispatcher dispatcher = new DeliveryDispatcher(job -> null, (job, outcome) -> {
            delivered.add(job.delivery().deliveryId());
            handedOver.add(job.delivery().deliveryId());
            tracker.done(job.partition(), job.offset());
        }, 4, 2, Clock.systemUTC());
        Map<String, Object> config = KafkaClientConfigs.committedReader(kafka, "webhooks", 500);
        worker = new WebhookWorker(faults.wrap(() -> new KafkaConsumer<>(config)), deadLetters, topics, tracker,
                dispatcher, 1000, hooks, ConsumerLoop.Settings.defaults());
        worker.start();
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.stop();
        }
        producer.close();
    }

    @Test
    void shouldGoOnDeliveringAfterItsConsumerFailsAndBeUnreadyWhileItCannot() {
        // given: a running worker
        startWorker(new KafkaProducer<>(KafkaClientConfigs.reliableWriter(kafka)), HookDispatcher.none());
        await().atMost(WAIT).until(this::ready);

        // when: a poll fails with a failed commit (the group rebalanced), the next with another Kafka error
        faults.failNextPolls(new CommitFailedException(), new KafkaException("injected: fetch refused"));
        await().atMost(WAIT).until(faults::queueThrown);
        List<String> first = send(0, 10);

        // then: it carried on and hands over what came after
        await().atMost(WAIT).until(() -> delivered.containsAll(first));

        // when: every poll fails while more deliveries arrive
        faults.failEveryPoll(new KafkaException("injected: every fetch refused"));
        await().atMost(WAIT).until(() -> !ready());
        List<String> second = send(10, 20);
        assertThat(ready()).as("ready while every poll fails").isFalse();

        // then: once polls succeed again it is ready and delivers the rest
        faults.heal();
        await().atMost(WAIT).until(this::ready);
        await().atMost(WAIT).until(() -> delivered.containsAll(second));
        assertThat(delivered).hasSize(20);
    }

    @Test
    void shouldRetryABatchFromTheFirstRecordNotHandedOverWhenItFailsPartWay() {
        // given: in one partition, a delivery, a record that is not one, and another delivery
        String first = send(0, "a");
        producer.send(new ProducerRecord<>(topics.webhookDeliveries().name(), 0, "t", "not a delivery".getBytes(
                StandardCharsets.UTF_8)));
        String last = send(0, "b");
        producer.flush();
        List<UnhandledError> failures = new CopyOnWriteArrayList<>();
        MockProducer<String, byte[]> deadLetters = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());

        // when: the dead letter for the middle record cannot be sent at first, then can
        deadLetters.sendException = new KafkaException("injected: dead-letter topic unavailable");
        startWorker(deadLetters, new HookDispatcher(List.of(new TaskcastHooks() {
            @Override
            public void onUnhandledError(UnhandledError error) {
                failures.add(error);
            }
        })));
        await().atMost(WAIT).until(() -> !failures.isEmpty());
        deadLetters.sendException = null;

        // then: the middle record is dead-lettered once, the last one handed over, the first not again
        await().atMost(WAIT).until(() -> handedOver.size() >= 2 && !deadLetters.history().isEmpty());
        assertThat(handedOver).containsExactly(first, last);
        assertThat(deadLetters.history()).singleElement()
                .satisfies(dead -> assertThat(dead.topic()).isEqualTo(topics.webhookDlq().name()));
    }

    private boolean ready() {
        return worker.readiness().check().block().ok();
    }

    private List<String> send(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> send(null, "%03d".formatted(i))).toList();
    }

    /** A delivery of an event whose id ends in {@code name}, to {@code partition} (null: by key); its delivery id. */
    private String send(Integer partition, String name) {
        TaskEvent event = new TaskEvent("01J00000000000000000000" + name, "t" + name, 0, 0, "x", Level.INFO,
                null, null, null, null, null);
        WebhookDelivery delivery = WebhookDelivery.first("w", WebhookConfig.of(URI.create("http://receiver.invalid/")),
                event, 0);
        producer.send(new ProducerRecord<>(topics.webhookDeliveries().name(), partition, event.taskId(),
                Json.toBytes(delivery)));
        return delivery.deliveryId();
    }
}
