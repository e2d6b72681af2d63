package io.taskcast.kafka.processor.workers;

import io.taskcast.kafka.schemas.command.AssignTask;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CommandResult;
import io.taskcast.kafka.schemas.command.Leased;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Headers;
import io.taskcast.kafka.schemas.worker.PoolMessage;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.common.serialization.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StreamPartitioner;
import java.util.HashMap;
import java.util.Map;

/**
 * The worker pool stage (docs/workers.md): reads {@code taskcast-workers} (key = pool), keeps each
 * pool's workers, pending tasks and waits in a changelogged store, and sends the task stage the
 * assignments and declines {@link Dispatcher} decides, in the same exactly-once transaction. A
 * record that is not a pool message goes to the dead-letter topic with the reason.
 * <p>
 * The store holds one entry per worker, pending task and wait ({@link PoolBook}), so a message
 * writes only what it changed; the pools are kept in memory as well, read from the store when the
 * stage starts (after Kafka Streams restored it).
 */
public final class PoolStage implements Processor<String, byte[], String, Object> {

    public static final String SOURCE = "workers-source";
    public static final String NAME = "worker-pool";
    public static final String STORE = "worker-pool";
    public static final String COMMANDS_SINK = "pool-commands-sink";
    /** Where leases go: the results topic, to the partition the waiting API reads. */
    public static final String REPLIES_SINK = "pool-replies-sink";
    /** Where the stage writes its own ticks: its input topic. */
    public static final String TICKS_SINK = "pool-ticks-sink";
    /** How often the wall clock looks whether a pool has tasks to offer (docs/workers.md). */
    static final Duration TICK_INTERVAL = Duration.ofMillis(250);

    private static final Logger log = LoggerFactory.getLogger(PoolStage.class);

    private final String deadLetterSink;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> store;
    private final Map<String, PoolBook> pools = new HashMap<>();

    /** @param deadLetterSink the sink of the commands' dead-letter topic */
    public PoolStage(String deadLetterSink) {
        this.deadLetterSink = deadLetterSink;
    }

    /** The stage's store: each pool's entries, as JSON, changelogged. */
    public static StoreBuilder<?> store() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()).withCachingEnabled();
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        pools.putAll(PoolBook.load(store));
        context.schedule(TICK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    /**
     * Writes a tick to the pool's own topic when it has a task to offer: like the task stage's
     * timers, time enters the pool as a record, and acts when that record is processed.
     */
    private void tick(long now) {
        pools.forEach((pool, book) -> {
            if (Dispatcher.wantsTick(book)) {
                context.forward(new Record<String, Object>(pool, new PoolMessage.Tick(), now), TICKS_SINK);
            }
        });
    }

    @Override
    public void process(Record<String, byte[]> record) {
        PoolMessage message;
        try {
            message = read(record);
        } catch (IllegalArgumentException e) {
            deadLetter(record, e.getMessage());
            return;
        }
        PoolBook pool = pools.computeIfAbsent(record.key(), k -> new PoolBook());
        if (log.isTraceEnabled()) {
            log.trace("Pool {} at {}: {}; holding {}", record.key(), record.timestamp(), message,
                    pool.workers().workers().values().stream().map(w -> w.worker().id() + "=" + w.held().keySet())
                            .toList());
        }
        Dispatcher.Outputs outputs = Dispatcher.apply(pool, message, address(record), record.timestamp());
        pool.flush(store, record.key());
        for (Dispatcher.Lease lease : outputs.leases()) {
            PoolBook.Poll poll = pool.poll(lease.pollId());
            RecordHeaders headers = new RecordHeaders();
            headers.add(Headers.CORRELATION_ID, poll.correlationId());
            addIfPresent(headers, Headers.REPLY_PARTITION, poll.replyPartition());
            context.forward(new Record<String, Object>(lease.pollId(), new Answer(new Leased(lease.pollId(),
                    lease.slots(), lease.rule(), lease.offered()), partition(poll.replyPartition())), record.timestamp(), headers), REPLIES_SINK);
        }
        for (Command command : outputs.commands()) {
            RecordHeaders headers = new RecordHeaders();
            if (command instanceof AssignTask assign && assign.pollId() != null) {
                PoolBook.Poll poll = pool.poll(assign.pollId());
                if (poll != null && poll.correlationId() != null) {
                    headers.add(Headers.CORRELATION_ID, poll.correlationId());
                    addIfPresent(headers, Headers.REPLY_TOPIC, poll.replyTopic());
                    addIfPresent(headers, Headers.REPLY_PARTITION, poll.replyPartition());
                }
            }
            log.debug("Pool {}: {}", record.key(), command);
            context.forward(new Record<String, Object>(command.taskId(), command, record.timestamp(), headers),
                    COMMANDS_SINK);
        }
    }

    /** An answer to a wait on its way to the partition of the results topic its API reads. */
    public record Answer(CommandResult result, Integer partition) {
    }

    /** Writes only the answer's result. */
    public static Serializer<Answer> answerSerializer() {
        return (topic, answer) -> Json.toBytes(answer.result());
    }

    /** To the partition the API reads, when it exists; otherwise Kafka's default partitioning. */
    public static StreamPartitioner<String, Answer> answerPartitioner() {
        return new StreamPartitioner<>() {
            @Override
            public Optional<Set<Integer>> partitions(String topic, String key, Answer answer, int numPartitions) {
                Integer p = answer.partition();
                return p != null && p >= 0 && p < numPartitions ? Optional.of(Set.of(p)) : Optional.empty();
            }
        };
    }

    private static Integer partition(byte[] header) {
        return header != null && header.length == Integer.BYTES ? ByteBuffer.wrap(header).getInt() : null;
    }

    private static void addIfPresent(RecordHeaders headers, String name, byte[] value) {
        if (value != null) {
            headers.add(name, value);
        }
    }

    private static Dispatcher.Address address(Record<String, byte[]> record) {
        return new Dispatcher.Address(header(record, Headers.CORRELATION_ID), header(record, Headers.REPLY_TOPIC),
                header(record, Headers.REPLY_PARTITION));
    }

    private static byte[] header(Record<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : h.value();
    }

    private static PoolMessage read(Record<String, byte[]> record) {
        if (record.key() == null) {
            throw new IllegalArgumentException("record has no key (the key must be the pool id)");
        }
        if (record.value() == null) {
            throw new IllegalArgumentException("record has no value");
        }
        PoolMessage message;
        try {
            message = Json.fromBytes(record.value(), PoolMessage.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a valid pool message: " + e.getOriginalMessage());
        }
        if (message == null) {
            throw new IllegalArgumentException("not a valid pool message: the value is JSON null");
        }
        return message;
    }

    private void deadLetter(Record<String, byte[]> record, String reason) {
        String origin = context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("unknown");
        log.warn("Pool message at {} sent to the dead-letter topic: {}", origin, reason);
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(Headers.DLQ_REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.DLQ_ORIGIN, origin.getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<String, Object>(record.key(), record.value(), record.timestamp(), headers),
                deadLetterSink);
    }
}
