package io.taskcast.kafka.ingest.commands;

import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.kafka.ConsumerLoop;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.topic.TopicSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The task snapshots of {@code taskcast-tasks}, every partition from its end at start-up, read
 * before their transaction commits (as replies are): the fast path of worker assignment
 * (docs/workers.md) hands each to the {@link WorkerBus}, which assigns a task that became pending
 * to a leased wait of this instance at once.
 */
public final class PullTaskFeed implements SmartLifecycle, ConsumerLoop.Body<String, Task> {

    private static final Logger log = LoggerFactory.getLogger(PullTaskFeed.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final TopicSpec<String, Task> topic;
    private final WorkerBus workers;
    private final ConsumerLoop<String, Task> loop;

    public PullTaskFeed(Supplier<Consumer<String, Task>> consumers, TopicSpec<String, Task> topic, WorkerBus workers,
                        HookDispatcher hooks, ConsumerLoop.Settings settings) {
        this.topic = topic;
        this.workers = workers;
        this.loop = new ConsumerLoop<>("ingest-pull-tasks", "ingest", consumers, POLL_TIMEOUT, this,
                settings.withPhase(SmartLifecycle.DEFAULT_PHASE - 4096), hooks);
    }

    @Override
    public void open(Consumer<String, Task> consumer) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic.name());
        ConsumerLoop.assignAtEnd(consumer, partitions.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList());
        log.info("Reading the {} partitions of {} for pull tasks", partitions.size(), topic.name());
    }

    @Override
    public ConsumerRecords<String, Task> poll(Consumer<String, Task> consumer, Duration timeout) {
        return ConsumerLoop.pollSkippingUnreadable(consumer, timeout, e -> {
        });
    }

    @Override
    public void handle(Consumer<String, Task> consumer, ConsumerRecords<String, Task> records) {
        for (ConsumerRecord<String, Task> record : records) {
            if (record.value() != null) {
                workers.taskSeen(record.value());
            }
        }
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    @Override
    public int getPhase() {
        return loop.getPhase();
    }

    /** The feed's loop, as readiness sees it. */
    public ConsumerLoop<String, Task> readiness() {
        return loop;
    }
}
