package io.taskcast.kafka.platform.kafka;

import io.taskcast.kafka.platform.config.TaskcastProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.Map;

/** The Kafka client settings our roles share, so a reader or writer of the log is configured one way. */
public final class KafkaClientConfigs {

    /**
     * How long the broker may hold a fetch that finds nothing new ({@code fetch.max.wait.ms}) for
     * our readers with a fixed set of partitions (the gateway's live reader, the ingest's reply
     * reader). New data on those partitions answers a held fetch at once, so this never delays a
     * record; it only sets how often an idle reader asks again (Kafka's 500 ms default makes an idle
     * server spend a noticeable share of a core on empty fetches and their expiry). Not for group
     * members: a partition assigned or resumed while a fetch is held waits for that fetch to end,
     * since a consumer has one fetch in flight per broker.
     */
    public static final int IDLE_FETCH_WAIT_MS = 5_000;

    private KafkaClientConfigs() {
    }

    /**
     * A consumer in group {@code <prefix>-<role>} that reads only committed processor transactions
     * (an aborted event is never seen) and commits offsets itself, after its work is done.
     */
    public static Map<String, Object> committedReader(TaskcastProperties.Kafka kafka, String role, int maxPollRecords) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.topicPrefix() + "-" + role);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /** A producer whose acknowledged writes are on every in-sync replica, without duplicates from its retries. */
    public static Map<String, Object> reliableWriter(TaskcastProperties.Kafka kafka) {
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
