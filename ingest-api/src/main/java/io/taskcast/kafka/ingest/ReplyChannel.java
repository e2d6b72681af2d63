package io.taskcast.kafka.ingest;

import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.kafka.KafkaClientConfigs;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CommandResult;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.requestreply.CorrelationKey;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.support.TopicPartitionOffset;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the request/reply channel: an idempotent producer for commands and one long-lived consumer
 * assigned to a single partition of the results topic. The template stamps that partition on each
 * command, so the processor answers there and this instance reads only (mostly) its own replies.
 */
final class ReplyChannel {

    private static final Logger log = LoggerFactory.getLogger(ReplyChannel.class);

    private ReplyChannel() {
    }

    static ReplyingKafkaTemplate<String, Command, CommandResult> template(TaskcastProperties.Kafka kafka,
            IngestProperties ingest, Topics topics) {
        var producers = new DefaultKafkaProducerFactory<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                // A write waits this long at most for the brokers, then answers 503 (CommandBus).
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ingest.sendTimeout().toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ingest.sendTimeout().toMillis()),
                new StringSerializer(), topics.commands().valueSerde().serializer());
        var consumers = new DefaultKafkaConsumerFactory<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                // A reply is read as soon as it is written, before its transaction commits: the
                // processor is deterministic, so an aborted reply is written again identically, and
                // the template drops the second copy (its correlation id is no longer awaited).
                // See docs/fast-path.md.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, KafkaClientConfigs.IDLE_FETCH_WAIT_MS,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"),
                new StringDeserializer(), topics.commandResults().valueSerde().deserializer());
        int partition = ingest.replyPartition() >= 0 ? ingest.replyPartition()
                : ThreadLocalRandom.current().nextInt(kafka.partitions());
        log.info("Reading command replies from {} partition {}", topics.commandResults().name(), partition);
        var container = new KafkaMessageListenerContainer<>(consumers,
                new ContainerProperties(new TopicPartitionOffset(topics.commandResults().name(), partition,
                        TopicPartitionOffset.SeekPosition.END)));
        var template = new ReplyingKafkaTemplate<>(producers, container);
        // The command id names the request, so a processor of this process can hand its reply over
        // in memory to the request it belongs to (LocalReplies, CommandBus).
        template.setCorrelationIdStrategy(record -> new CorrelationKey(
                record.value().commandId().getBytes(StandardCharsets.UTF_8)));
        template.setDefaultReplyTimeout(ingest.replyTimeout());
        // Another instance may share our partition; its replies are expected, not errors.
        template.setSharedReplyTopic(true);
        // CommandBus logs each failed send by command and task id; the default listener would log an
        // error with the start of the command's text (which may hold a webhook secret) for every write.
        template.setProducerListener(new ProducerListener<>() {
        });
        return template;
    }
}
