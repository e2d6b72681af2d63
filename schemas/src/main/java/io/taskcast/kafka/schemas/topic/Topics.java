package io.taskcast.kafka.schemas.topic;

import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CommandResult;
import io.taskcast.kafka.schemas.json.JsonSerde;
import io.taskcast.kafka.schemas.webhook.WebhookDelivery;
import io.taskcast.kafka.schemas.worker.PoolMessage;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The typed registry of every topic (architecture.md, "Topics"). Names are {@code <prefix>-<base>};
 * the prefix is configurable so several deployments can share a cluster. No topic name is written
 * anywhere else.
 */
public final class Topics {

    public static final String DEFAULT_PREFIX = "taskcast";
    /**
     * Room a dead-letter record may take: twice the broker's default message limit (1 MiB), so a
     * record as large as its source topic allows still fits with the reason headers added. Without
     * it such a record could not be dead-lettered and would stop its partition for good.
     */
    public static final int DEAD_LETTER_MAX_BYTES = 2 * 1024 * 1024;
    /**
     * The largest record (key plus value) the processor writes: below the broker's default message
     * limit (1,048,588 bytes) with room for headers and batch overhead. A command whose outputs would
     * exceed it is refused, since Kafka would refuse the record on every retry of its transaction.
     */
    public static final int RECORD_MAX_BYTES = 1_000_000;
    private static final Pattern LEGAL_PREFIX = Pattern.compile("[a-zA-Z0-9._-]{1,200}");
    private static final Serde<String> KEYS = Serdes.String();

    private final String prefix;

    private Topics(String prefix) {
        this.prefix = prefix;
    }

    public static Topics withPrefix(String prefix) {
        if (prefix == null || !LEGAL_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Topic prefix must be 1-200 characters of [a-zA-Z0-9._-], got: " + prefix);
        }
        return new Topics(prefix);
    }

    /** Create, transition, publish and resolve commands, keyed by task id: the only input. */
    public TopicSpec<String, Command> commands() {
        return new TopicSpec<>(name("commands"), KEYS, new JsonSerde<>(Command.class));
    }

    /** Every event of every task, keyed by task id: the output log that streams and archives read. */
    public TopicSpec<String, EventRecord> events() {
        return new TopicSpec<>(name("events"), KEYS, new JsonSerde<>(EventRecord.class));
    }

    /** The task snapshot after each change, keyed by task id; compacted. */
    public TopicSpec<String, Task> tasks() {
        return new TopicSpec<>(name("tasks"), KEYS, new JsonSerde<>(Task.class));
    }

    /** Replies to commands that asked for one, keyed by command id, correlated by header. */
    public TopicSpec<String, CommandResult> commandResults() {
        return new TopicSpec<>(name("command-results"), KEYS, new JsonSerde<>(CommandResult.class));
    }

    /**
     * Workers waiting for tasks, and stopping (docs/workers.md), keyed by pool id: what the API
     * writes to the worker pool stage. Only the API writes here, outside transactions, so a wait is
     * read the moment it is written.
     */
    public TopicSpec<String, PoolMessage> workers() {
        return new TopicSpec<>(name("workers"), KEYS, new JsonSerde<>(PoolMessage.class));
    }

    /**
     * The processor's news for the worker pool stage, keyed by pool id: assignable tasks' changes
     * and refused assignments (the task stage), and the pool's own ticks; written in transactions.
     */
    public TopicSpec<String, PoolMessage> workerNews() {
        return new TopicSpec<>(name("worker-news"), KEYS, new JsonSerde<>(PoolMessage.class));
    }

    /** Commands that could not be processed, as received, with the reason in headers. */
    public TopicSpec<String, byte[]> commandsDlq() {
        return new TopicSpec<>(name("commands-dlq"), KEYS, Serdes.ByteArray());
    }

    /** One record per (event × matching webhook), keyed by task id, written with the event. */
    public TopicSpec<String, WebhookDelivery> webhookDeliveries() {
        return new TopicSpec<>(name("webhook-deliveries"), KEYS, new JsonSerde<>(WebhookDelivery.class));
    }

    /** Deliveries waiting for a later attempt, each with the time it is due; keyed by task id. */
    public TopicSpec<String, WebhookDelivery> webhookRetries() {
        return new TopicSpec<>(name("webhook-retries"), KEYS, new JsonSerde<>(WebhookDelivery.class));
    }

    /** Deliveries that failed every attempt (or could not be read), with the reason in headers. */
    public TopicSpec<String, byte[]> webhookDlq() {
        return new TopicSpec<>(name("webhook-dlq"), KEYS, Serdes.ByteArray());
    }

    /** Every topic this system owns, for provisioning. */
    public List<String> allNames() {
        return List.of(commands().name(), events().name(), tasks().name(), commandResults().name(),
                commandsDlq().name(), webhookDeliveries().name(), webhookRetries().name(), webhookDlq().name(),
                workers().name(), workerNews().name());
    }

    /** Topics that keep only the latest record per key. */
    public List<String> compactedNames() {
        return List.of(tasks().name());
    }

    /** Topics that take records copied from another topic with extra headers (see {@link #DEAD_LETTER_MAX_BYTES}). */
    public List<String> deadLetterNames() {
        return List.of(commandsDlq().name(), webhookDlq().name());
    }

    private String name(String base) {
        return prefix + "-" + base;
    }
}
