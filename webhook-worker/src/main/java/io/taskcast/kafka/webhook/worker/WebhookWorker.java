package io.taskcast.kafka.webhook.worker;

import io.taskcast.kafka.platform.health.DependencyCheck;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.kafka.ConsumerLoop;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Headers;
import io.taskcast.kafka.schemas.topic.Topics;
import io.taskcast.kafka.schemas.webhook.WebhookDelivery;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.core.JacksonException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The webhook worker: reads {@code taskcast-webhook-deliveries} and {@code taskcast-webhook-retries}
 * in one consumer group and hands every record to the dispatcher, which sends it when due. Offsets
 * are committed up to the oldest record not yet finished, so a worker killed mid-retry starts the
 * schedule again from the log: nothing is lost, a delivery may arrive twice (same
 * {@code webhook-id}, for the receiver to deduplicate). A record that cannot be read goes to the
 * dead-letter topic with the reason. Its thread is a {@link ConsumerLoop}: a failure (a Kafka error,
 * a dead letter that could not be sent) is retried from the first record not yet handed over, and
 * readiness shows it.
 */
final class WebhookWorker implements SmartLifecycle, ConsumerLoop.Body<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final OffsetTracker tracker;
    private final DeliveryDispatcher dispatcher;
    private final int maxPending;
    private final ConsumerLoop<String, byte[]> loop;
    private Map<TopicPartition, OffsetAndMetadata> lastCommitted = Map.of();
    /** The batch being handed to the dispatcher, and per partition the offset after the last record handed over. */
    private ConsumerRecords<String, byte[]> inHand;
    private final Map<TopicPartition, Long> handedOver = new HashMap<>();

    WebhookWorker(Supplier<Consumer<String, byte[]>> consumers, Producer<String, byte[]> producer, Topics topics,
                  OffsetTracker tracker, DeliveryDispatcher dispatcher, int maxPending, HookDispatcher hooks,
                  ConsumerLoop.Settings loop) {
        this.producer = producer;
        this.topics = topics;
        this.tracker = tracker;
        this.dispatcher = dispatcher;
        this.maxPending = maxPending;
        this.loop = new ConsumerLoop<>("webhook-worker", "webhooks", consumers, POLL_TIMEOUT, this, loop, hooks);
    }

    @Override
    public synchronized void start() {
        loop.start();
    }

    @Override
    public synchronized void stop() {
        if (!loop.isRunning()) {
            return;
        }
        loop.stop();
        dispatcher.close();
        producer.close(Duration.ofSeconds(5));
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    /** The worker's consumer loop, as readiness sees it. */
    DependencyCheck readiness() {
        return loop;
    }

    @Override
    public void open(Consumer<String, byte[]> consumer) {
        consumer.subscribe(List.of(topics.webhookDeliveries().name(), topics.webhookRetries().name()),
                new Rebalance(consumer));
    }

    @Override
    public void handle(Consumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        inHand = records;
        handedOver.clear();
        for (ConsumerRecord<String, byte[]> record : records) {
            accept(record);
            handedOver.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
        }
        inHand = null;
        commit(c);
        throttle(c);
    }

    /** A failure part-way through a batch: the next poll starts again at the first record not handed over. */
    @Override
    public void failed(Consumer<String, byte[]> c, RuntimeException failure) {
        ConsumerRecords<String, byte[]> batch = inHand;
        inHand = null;
        if (batch == null) {
            return;
        }
        for (TopicPartition partition : batch.partitions()) {
            List<ConsumerRecord<String, byte[]>> polled = batch.records(partition);
            long next = handedOver.getOrDefault(partition, polled.get(0).offset());
            if (next <= polled.get(polled.size() - 1).offset() && c.assignment().contains(partition)) {
                c.seek(partition, next);
            }
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        tracker.polled(partition, record.offset());
        WebhookDelivery delivery;
        try {
            delivery = record.value() == null ? null : Json.fromBytes(record.value(), WebhookDelivery.class);
        } catch (JacksonException | IllegalArgumentException e) {
            delivery = null;
        }
        if (delivery == null) {
            deadLetter(record, "not a webhook delivery");
            tracker.done(partition, record.offset());
            return;
        }
        dispatcher.submit(new DeliveryJob(partition, record.offset(), delivery));
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        String origin = record.topic() + "-" + record.partition() + "@" + record.offset();
        log.warn("Webhook record at {} sent to the dead-letter topic: {}", origin, reason);
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(Headers.DLQ_REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.DLQ_ORIGIN, origin.getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(topics.webhookDlq().name(), null, record.key(), record.value(), headers));
    }

    private void commit(Consumer<String, byte[]> c) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(tracker.committable());
        offsets.keySet().retainAll(c.assignment());
        if (offsets.equals(lastCommitted) || offsets.isEmpty()) {
            return;
        }
        try {
            c.commitSync(offsets);
            lastCommitted = offsets;
        } catch (CommitFailedException | RebalanceInProgressException e) {
            log.info("Webhook offsets not committed ({}); unfinished records are redelivered", e.getMessage());
        }
    }

    /** Past {@code maxPending} unfinished records, stop reading until the receivers catch up. */
    private void throttle(Consumer<String, byte[]> c) {
        if (tracker.pendingCount() >= maxPending) {
            c.pause(c.assignment());
        } else if (!c.paused().isEmpty()) {
            c.resume(c.paused());
        }
    }

    /** Commits what is finished before partitions move; their unfinished records are the next owner's. */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final Consumer<String, byte[]> c;

        Rebalance(Consumer<String, byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit(c);
            tracker.forget(partitions);
            lastCommitted = Map.of();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            tracker.forget(partitions);
            lastCommitted = Map.of();
        }
    }
}
