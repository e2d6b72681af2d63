package io.taskcast.kafka.ingest.commands;

import io.taskcast.kafka.platform.health.DependencyCheck;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.kafka.ConsumerLoop;
import io.taskcast.kafka.schemas.command.CommandResult;
import io.taskcast.kafka.schemas.topic.Headers;
import io.taskcast.kafka.schemas.topic.TopicSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The replies of this ingest instance: one partition of the results topic, read from its end by a
 * {@link ConsumerLoop}, and the requests waiting for them by correlation id (the command id). A
 * reply no request here waits for — another instance's on a shared partition, or the second copy of
 * a redone transaction's — is skipped. The partition is stamped on every command
 * ({@link Headers#REPLY_PARTITION}), so the processor answers where this instance reads.
 */
public final class ReplyChannel implements SmartLifecycle, ConsumerLoop.Body<String, CommandResult> {

    private static final Logger log = LoggerFactory.getLogger(ReplyChannel.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final TopicSpec<String, CommandResult> topic;
    private final int partition;
    private final ConsumerLoop<String, CommandResult> loop;
    private final Map<String, CompletableFuture<CommandResult>> waiting = new ConcurrentHashMap<>();

    public ReplyChannel(Supplier<Consumer<String, CommandResult>> consumers, TopicSpec<String, CommandResult> topic,
                        int partition, HookDispatcher hooks, ConsumerLoop.Settings settings) {
        this.topic = topic;
        this.partition = partition;
        // Before the web server, so no request is sent before its reply can be read.
        this.loop = new ConsumerLoop<>("ingest-replies", "ingest", consumers, POLL_TIMEOUT, this,
                settings.withPhase(SmartLifecycle.DEFAULT_PHASE - 4096), hooks);
    }

    /** The results topic and the partition of it this instance reads. */
    public String topic() {
        return topic.name();
    }

    public int partition() {
        return partition;
    }

    /** The reply to the command with {@code correlationId}, once it comes; cancel it to stop waiting. */
    CompletableFuture<CommandResult> await(String correlationId) {
        CompletableFuture<CommandResult> reply = new CompletableFuture<>();
        waiting.put(correlationId, reply);
        reply.whenComplete((result, error) -> waiting.remove(correlationId, reply));
        return reply;
    }

    /** Completes the request waiting for {@code correlationId}, if one here does. */
    void complete(String correlationId, CommandResult result) {
        CompletableFuture<CommandResult> reply = waiting.remove(correlationId);
        if (reply != null) {
            reply.complete(result);
        }
    }

    /** Requests of this instance waiting for a reply now. */
    int waiting() {
        return waiting.size();
    }

    @Override
    public void open(Consumer<String, CommandResult> consumer) {
        // "The end" is the end at start-up, before any request is sent.
        ConsumerLoop.assignAtEnd(consumer, List.of(new TopicPartition(topic.name(), partition)));
        log.info("Reading command replies from {} partition {}", topic.name(), partition);
    }

    /** A reply that cannot be read is skipped: its request answers 202 after the reply timeout, as for a lost one. */
    @Override
    public ConsumerRecords<String, CommandResult> poll(Consumer<String, CommandResult> consumer, Duration timeout) {
        return ConsumerLoop.pollSkippingUnreadable(consumer, timeout, e -> {
        });
    }

    @Override
    public void handle(Consumer<String, CommandResult> consumer, ConsumerRecords<String, CommandResult> records) {
        for (ConsumerRecord<String, CommandResult> record : records) {
            Header correlation = record.headers().lastHeader(Headers.CORRELATION_ID);
            if (correlation != null && correlation.value() != null && record.value() != null) {
                complete(new String(correlation.value(), StandardCharsets.UTF_8), record.value());
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
        waiting.values().forEach(reply -> reply.cancel(false));
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    @Override
    public int getPhase() {
        return loop.getPhase();
    }

    /** The reply reader's loop, as readiness sees it. */
    public DependencyCheck readiness() {
        return loop;
    }
}
