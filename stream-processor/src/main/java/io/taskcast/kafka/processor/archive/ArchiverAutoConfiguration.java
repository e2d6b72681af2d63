package io.taskcast.kafka.processor.archive;

import io.taskcast.kafka.platform.PlatformAutoConfiguration;
import io.taskcast.kafka.platform.config.ConditionalOnRole;
import io.taskcast.kafka.platform.config.Role;
import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.kafka.TopicProvisioner;
import io.taskcast.kafka.platform.postgres.ArchiveCleanup;
import io.taskcast.kafka.platform.postgres.ArchiveWrites;
import io.taskcast.kafka.platform.postgres.PostgresArchive;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.util.HashMap;
import java.util.Map;

/** The archiver, part of the processor role, present only when an archive is configured (taskcast.postgres.url). */
@AutoConfiguration(after = PlatformAutoConfiguration.class)
@ConditionalOnRole(Role.PROCESSOR)
@ConditionalOnBean(PostgresArchive.class)
@EnableConfigurationProperties(ArchiverProperties.class)
public class ArchiverAutoConfiguration {

    @Bean
    Archiver archiver(TaskcastProperties taskcast, ArchiverProperties archiver, Topics topics, PostgresArchive archive,
                      TopicProvisioner provisionedFirst) {
        Map<String, Object> config = consumerConfig(taskcast.kafka(), archiver);
        return new Archiver(() -> new KafkaConsumer<>(config), topics, new ArchiveWrites(archive),
                new ArchiveCleanup(archive), archiver);
    }

    /** Its own group, committed offsets only, and only records of committed processor transactions. */
    public static Map<String, Object> consumerConfig(TaskcastProperties.Kafka kafka, ArchiverProperties archiver) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.topicPrefix() + "-archiver");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, archiver.batchSize());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }
}
