package io.taskcast.kafka.ingest;

import io.swagger.v3.oas.models.media.JsonSchema;
import io.taskcast.kafka.ingest.commands.CommandBus;
import io.taskcast.kafka.ingest.commands.PullTaskFeed;
import io.taskcast.kafka.ingest.commands.ReplyChannel;
import io.taskcast.kafka.ingest.commands.WorkerBus;
import io.taskcast.kafka.ingest.web.AdminController;
import io.taskcast.kafka.ingest.web.ApiDocument;
import io.taskcast.kafka.ingest.web.ErrorResponses;
import io.taskcast.kafka.ingest.web.FailedWebhooksController;
import io.taskcast.kafka.ingest.web.HealthController;
import io.taskcast.kafka.ingest.web.StorageController;
import io.taskcast.kafka.ingest.web.TaskController;
import io.taskcast.kafka.ingest.web.TaskQueryController;
import io.taskcast.kafka.ingest.web.WorkerController;
import io.taskcast.kafka.platform.TaskReads;
import io.taskcast.kafka.platform.auth.AuthConfiguration;
import io.taskcast.kafka.platform.auth.AuthProperties;
import io.taskcast.kafka.platform.auth.Authenticator;
import io.taskcast.kafka.platform.auth.Authorizer;
import io.taskcast.kafka.platform.auth.RequestGuard;
import io.taskcast.kafka.platform.auth.TokenIssuer;
import io.taskcast.kafka.platform.config.ConditionalOnRole;
import io.taskcast.kafka.platform.config.Role;
import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.health.DependencyCheck;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.kafka.ConsumerLoop;
import io.taskcast.kafka.platform.kafka.KafkaClientConfigs;
import io.taskcast.kafka.platform.kafka.TopicProvisioner;
import io.taskcast.kafka.platform.metrics.KafkaMeters;
import io.taskcast.kafka.platform.redis.FailedDeliveries;
import io.taskcast.kafka.platform.redis.SubscriberCounts;
import io.taskcast.kafka.platform.replies.LocalReplies;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import tools.jackson.databind.JsonNode;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** The REST API role. */
@AutoConfiguration
@ConditionalOnRole(Role.INGEST)
@EnableConfigurationProperties({IngestProperties.class, AdminProperties.class, WorkersProperties.class})
@Import(AuthConfiguration.class)
public class IngestAutoConfiguration {

    static {
        // Free-form JSON fields (params, result, data, ...) are any JSON value, not Jackson's node internals.
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new JsonSchema()
                .types(new LinkedHashSet<>(List.of("object", "array", "string", "number", "boolean", "null")))
                .description("any JSON value"));
    }

    /** This instance's partition of the results topic: the configured one, or one at random. */
    @Bean
    ReplyChannel replyChannel(TaskcastProperties taskcast, IngestProperties ingest, Topics topics,
                              KafkaMeters kafkaMeters, HookDispatcher hooks, TopicProvisioner provisionedFirst) {
        int partition = ingest.replyPartition() >= 0 ? ingest.replyPartition()
                : ThreadLocalRandom.current().nextInt(taskcast.kafka().partitions());
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, taskcast.kafka().bootstrapServers(),
                // A reply is read as soon as it is written, before its transaction commits: the
                // processor is deterministic, so an aborted reply is written again identically, and
                // its second copy finds no request waiting. See docs/fast-path.md.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, KafkaClientConfigs.IDLE_FETCH_WAIT_MS,
                ConsumerConfig.CLIENT_ID_CONFIG, "taskcast-ingest-replies");
        return new ReplyChannel(() -> kafkaMeters.bind(new KafkaConsumer<>(config, new StringDeserializer(),
                topics.commandResults().valueSerde().deserializer())), topics.commandResults(), partition, hooks,
                ConsumerLoop.Settings.defaults());
    }

    /** Readiness is down while the reply reader fails: every write would wait out the reply timeout and answer 202. */
    @Bean
    DependencyCheck ingestRepliesCheck(ReplyChannel replies) {
        return replies.readiness();
    }

    /** Writes commands: idempotent, acknowledged by every in-sync replica, answered 503 after the send timeout. */
    @Bean(destroyMethod = "close")
    Producer<String, Command> commandProducer(TaskcastProperties taskcast, IngestProperties ingest, Topics topics) {
        int sendTimeoutMs = (int) ingest.sendTimeout().toMillis();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, taskcast.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                // A write waits this long at most for the brokers, then answers 503 (CommandBus).
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, sendTimeoutMs,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, sendTimeoutMs);
        return new KafkaProducer<>(config, new StringSerializer(), topics.commands().valueSerde().serializer());
    }

    @Bean
    CommandBus commandBus(Producer<String, Command> commandProducer, ReplyChannel replies, Topics topics,
                          IngestProperties ingest, LocalReplies localReplies) {
        return new CommandBus(commandProducer, topics.commands().name(), replies, ingest.replyTimeout(),
                ingest.sendTimeout(), localReplies, topics.commandResults().valueSerde().deserializer());
    }

    /** The gateway's auto-configuration makes the same one when the API is not in this process. */
    @Bean
    @ConditionalOnMissingBean
    RequestGuard requestGuard(Authenticator authenticator, Authorizer authorizer, TaskReads views) {
        return new RequestGuard(authenticator, authorizer, views);
    }

    @Bean
    TaskController taskController(CommandBus commands, RequestGuard guard, SubscriberCounts subscribers) {
        return new TaskController(commands, guard, subscribers);
    }

    /** The worker routes, with workers' long polls sent to the pool stage (docs/workers.md). */
    @Bean
    @ConditionalOnProperty(name = "taskcast.workers.enabled", havingValue = "true")
    WorkerController workerController(WorkerBus workers, CommandBus commands, RequestGuard guard) {
        return new WorkerController(workers, commands, guard);
    }

    @Bean
    @ConditionalOnProperty(name = "taskcast.workers.enabled", havingValue = "true")
    WorkerBus workerBus(TaskcastProperties taskcast, Topics topics, ReplyChannel replies, LocalReplies localReplies,
                        Producer<String, Command> commandProducer, IngestProperties ingest) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, taskcast.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        return new WorkerBus(new KafkaProducer<>(config, new StringSerializer(),
                topics.workers().valueSerde().serializer()), topics.workers().name(), commandProducer,
                topics.commands().name(), replies, localReplies, topics.commandResults().valueSerde().deserializer(),
                Clock.systemUTC(), ingest.replyTimeout());
    }

    /** Pull tasks as they become pending, read before their commit, for the fast path of the long poll. */
    @Bean
    @ConditionalOnProperty(name = "taskcast.workers.enabled", havingValue = "true")
    PullTaskFeed pullTaskFeed(TaskcastProperties taskcast, Topics topics, WorkerBus workers, KafkaMeters kafkaMeters,
                              HookDispatcher hooks, TopicProvisioner provisionedFirst) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, taskcast.kafka().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, KafkaClientConfigs.IDLE_FETCH_WAIT_MS,
                ConsumerConfig.CLIENT_ID_CONFIG, "taskcast-ingest-pull-tasks");
        return new PullTaskFeed(() -> kafkaMeters.bind(new KafkaConsumer<>(config, new StringDeserializer(),
                topics.tasks().valueSerde().deserializer())), topics.tasks(), workers, hooks,
                ConsumerLoop.Settings.defaults());
    }

    @Bean
    @ConditionalOnProperty(name = "taskcast.workers.enabled", havingValue = "true")
    DependencyCheck pullTaskFeedCheck(PullTaskFeed feed) {
        return feed.readiness();
    }

    /** Waits for the archive at most as long as a write waits for its answer. */
    @Bean
    StorageController storageController(CommandBus commands, RequestGuard guard, TaskReads reads,
                                        IngestProperties ingest) {
        return new StorageController(commands, guard, reads, ingest.replyTimeout());
    }

    @Bean
    TaskQueryController taskQueryController(TaskReads views, SubscriberCounts subscribers, RequestGuard guard) {
        return new TaskQueryController(views, subscribers, guard);
    }

    @Bean
    FailedWebhooksController failedWebhooksController(FailedDeliveries failed, TaskcastProperties taskcast,
                                                      Topics topics, RequestGuard guard, IngestProperties ingest) {
        Map<String, Object> config = KafkaClientConfigs.reliableWriter(taskcast.kafka());
        // Bounded like a command's send, so a retry request answers 503 in time while Kafka is down.
        int sendTimeoutMs = (int) ingest.sendTimeout().toMillis();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, sendTimeoutMs);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, sendTimeoutMs);
        Producer<String, byte[]> producer = new KafkaProducer<>(config);
        return new FailedWebhooksController(failed, producer, topics, guard);
    }

    /**
     * The admin token exchange. With the admin API on and no token configured, a token is made now
     * and printed once to standard output, for the operator to copy; it is never logged.
     */
    @Bean
    AdminController adminController(AdminProperties admin, AuthProperties auth) {
        String token = admin.token();
        if (admin.api() && token == null) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            System.out.println("Taskcast admin API: generated admin token (set taskcast.admin.token to choose one): "
                    + token);
        }
        return new AdminController(admin.api() ? token : null, new TokenIssuer(auth), Clock.systemUTC());
    }

    /** The OpenAPI document's title, security, tags and named body schemas. */
    @Bean
    ApiDocument apiDocument() {
        return new ApiDocument();
    }

    @Bean
    HealthController healthController(List<DependencyCheck> checks, AuthProperties auth) {
        return new HealthController(checks, auth.mode());
    }

    @Bean
    ErrorResponses errorResponses(HookDispatcher hooks) {
        return new ErrorResponses(hooks);
    }

    /** HTTP bodies use the same JSON rules as the topics, and the configured body limit. */
    @Bean
    WebFluxConfigurer taskcastCodecs(IngestProperties ingest) {
        return new WebFluxConfigurer() {
            @Override
            public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
                configurer.defaultCodecs().jacksonJsonEncoder(new JacksonJsonEncoder(Json.mapper()));
                configurer.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(Json.mapper()));
                configurer.defaultCodecs().maxInMemorySize((int) ingest.maxBodySize().toBytes());
            }
        };
    }
}
