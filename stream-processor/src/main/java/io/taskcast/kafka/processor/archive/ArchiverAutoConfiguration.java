package io.taskcast.kafka.processor.archive;

import io.taskcast.kafka.platform.PlatformAutoConfiguration;
import io.taskcast.kafka.platform.config.ConditionalOnRole;
import io.taskcast.kafka.platform.config.Role;
import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.health.DependencyCheck;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.kafka.ConsumerLoop;
import io.taskcast.kafka.platform.kafka.KafkaClientConfigs;
import io.taskcast.kafka.platform.kafka.TopicProvisioner;
import io.taskcast.kafka.platform.metrics.KafkaMeters;
import io.taskcast.kafka.platform.postgres.ArchiveCleanup;
import io.taskcast.kafka.platform.postgres.ArchiveWrites;
import io.taskcast.kafka.platform.postgres.PostgresArchive;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.util.Map;

/** The archiver, part of the processor role, present only when an archive is configured (taskcast.postgres.url). */
@AutoConfiguration(after = PlatformAutoConfiguration.class)
@ConditionalOnRole(Role.PROCESSOR)
@ConditionalOnBean(PostgresArchive.class)
@EnableConfigurationProperties(ArchiverProperties.class)
public class ArchiverAutoConfiguration {

    @Bean
    Archiver archiver(TaskcastProperties taskcast, ArchiverProperties archiver, Topics topics, PostgresArchive archive,
                      KafkaMeters kafkaMeters, HookDispatcher hooks, TopicProvisioner provisionedFirst) {
        Map<String, Object> config = consumerConfig(taskcast.kafka(), archiver);
        return new Archiver(kafkaMeters.<String, byte[]>binding(() -> new KafkaConsumer<>(config)), topics,
                new ArchiveWrites(archive), new ArchiveCleanup(archive), archiver, ConsumerLoop.Settings.defaults(), hooks);
    }

    /** Readiness is down while the archiver's loop fails, and for good if it could not go on. */
    @Bean
    DependencyCheck archiverCheck(Archiver archiver) {
        return archiver.readiness();
    }

    /** Its own group, committed offsets only, and only records of committed processor transactions. */
    public static Map<String, Object> consumerConfig(TaskcastProperties.Kafka kafka, ArchiverProperties archiver) {
        Map<String, Object> config = KafkaClientConfigs.committedReader(kafka, "archiver", archiver.batchSize());
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, ArchiverProperties.BATCH_BYTES);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) archiver.batchWait().toMillis());
        return config;
    }
}
