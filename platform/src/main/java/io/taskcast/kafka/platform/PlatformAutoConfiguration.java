package io.taskcast.kafka.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.health.DependencyCheck;
import io.taskcast.kafka.platform.health.DependencyChecks;
import io.taskcast.kafka.platform.health.DependencyHealthIndicator;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.hooks.TaskcastHooks;
import io.taskcast.kafka.platform.kafka.TopicProvisioner;
import io.taskcast.kafka.platform.metrics.KafkaMeters;
import io.taskcast.kafka.platform.postgres.ArchiveReads;
import io.taskcast.kafka.platform.postgres.PostgresArchive;
import io.taskcast.kafka.platform.postgres.PostgresUrl;
import io.taskcast.kafka.platform.redis.FailedDeliveries;
import io.taskcast.kafka.platform.redis.RedisConnections;
import io.taskcast.kafka.platform.replies.LocalReplies;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.platform.redis.SubscriberCounts;
import io.taskcast.kafka.platform.redis.ViewMarker;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import redis.clients.jedis.RedisClient;

import java.util.List;
import java.util.Map;

/** What every role shares: configuration, topics, and the Redis and Postgres connections. */
@AutoConfiguration
@EnableConfigurationProperties(TaskcastProperties.class)
public class PlatformAutoConfiguration {

    @Bean
    Topics topics(TaskcastProperties properties) {
        return properties.kafka().topics();
    }

    @Bean
    TopicProvisioner topicProvisioner(TaskcastProperties properties) {
        TopicProvisioner provisioner = new TopicProvisioner(properties.kafka());
        provisioner.ensureTopics();
        return provisioner;
    }

    @Bean(destroyMethod = "close")
    Admin kafkaAdmin(TaskcastProperties properties) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafka().bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
    }

    @Bean(destroyMethod = "close")
    RedisClient redisClient(TaskcastProperties properties) {
        return RedisConnections.open(properties.redis().url());
    }

    /** Guarded by the view marker: a Redis that lost its data is reported, never read as empty. */
    @Bean
    RedisTaskViews redisTaskViews(RedisClient redis, TaskcastProperties properties, ViewMarker marker) {
        return new RedisTaskViews(redis, properties.hotRetention().terminalRetention(), marker.key());
    }

    @Bean
    ViewMarker viewMarker(RedisClient redis, TaskcastProperties properties) {
        return new ViewMarker(redis, properties.kafka().topicPrefix());
    }

    /** Shared by the ingest (waits) and the processor (answers) when both run in this process. */
    @Bean
    LocalReplies localReplies() {
        return new LocalReplies();
    }

    @Bean
    FailedDeliveries failedDeliveries(RedisClient redis) {
        return new FailedDeliveries(redis);
    }

    @Bean
    SubscriberCounts subscriberCounts(RedisClient redis) {
        return new SubscriberCounts(redis);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty("taskcast.postgres.url")
    PostgresArchive postgresArchive(TaskcastProperties properties) {
        PostgresArchive archive = new PostgresArchive(PostgresUrl.parse(properties.postgres().url()));
        archive.migrate();
        return archive;
    }

    @Bean
    @ConditionalOnProperty("taskcast.postgres.url")
    ArchiveReads archiveReads(PostgresArchive archive) {
        return new ArchiveReads(archive);
    }

    /** Redis first, then the archive when one is configured. */
    @Bean
    TaskReads taskReads(RedisTaskViews redis, ObjectProvider<ArchiveReads> archive) {
        return new TaskReads(redis, archive.getIfAvailable());
    }

    /** Micrometer's Kafka binders for every role's clients; closed with the application. */
    @Bean(destroyMethod = "close")
    KafkaMeters kafkaMeters(ObjectProvider<MeterRegistry> registry) {
        return new KafkaMeters(registry.getIfAvailable());
    }

    /** Every {@link TaskcastHooks} bean, plus those a jar on the class path lists for ServiceLoader. */
    @Bean
    HookDispatcher taskcastHookDispatcher(ObjectProvider<TaskcastHooks> hooks) {
        return HookDispatcher.of(hooks.orderedStream().toList());
    }

    /** Named "dependencies" in {@code /actuator/health}; the readiness group includes it. */
    @Bean
    DependencyHealthIndicator dependenciesHealthIndicator(List<DependencyCheck> checks) {
        return new DependencyHealthIndicator(checks);
    }

    @Bean
    DependencyCheck kafkaCheck(Admin kafkaAdmin) {
        return DependencyChecks.kafka(kafkaAdmin);
    }

    @Bean
    DependencyCheck redisCheck(RedisClient redis, ViewMarker marker) {
        return DependencyChecks.redis(redis, marker);
    }

    @Bean
    @ConditionalOnProperty("taskcast.postgres.url")
    DependencyCheck postgresCheck(PostgresArchive archive) {
        return DependencyChecks.postgres(archive);
    }
}
