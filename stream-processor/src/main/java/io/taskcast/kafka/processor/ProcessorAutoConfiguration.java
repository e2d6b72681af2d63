package io.taskcast.kafka.processor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskcast.kafka.platform.config.ConditionalOnRole;
import io.taskcast.kafka.platform.config.Role;
import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.health.DependencyCheck;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.kafka.TopicProvisioner;
import io.taskcast.kafka.platform.metrics.KafkaMeters;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.platform.redis.ViewMarker;
import io.taskcast.kafka.platform.replies.LocalReplies;
import io.taskcast.kafka.processor.engine.Cleanups;
import io.taskcast.kafka.processor.engine.WebhookFanout;
import io.taskcast.kafka.processor.replay.ViewReplayer;
import io.taskcast.kafka.processor.topology.TaskTopology;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** The processor role: the Kafka Streams task engine. */
@AutoConfiguration
@ConditionalOnRole(Role.PROCESSOR)
@EnableConfigurationProperties(ProcessorProperties.class)
public class ProcessorAutoConfiguration {

    /** Kafka Streams' own default under exactly-once, set here because the view rebuild waits it out. */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    ProcessorRunner processorRunner(TaskcastProperties taskcast, ProcessorProperties processor, Topics topics,
                                    RedisTaskViews views, KafkaMeters kafkaMeters, ObjectProvider<MeterRegistry> registry,
                                    HookDispatcher hooks, LocalReplies localReplies, TopicProvisioner provisionedFirst) {
        RedisViewWriter writer = new RedisViewWriter(views);
        CommandMetrics commandMetrics = new CommandMetrics(registry.getIfAvailable(SimpleMeterRegistry::new),
                Clock.systemUTC());
        return new ProcessorRunner(TaskTopology.build(topics, writer, processor.timerInterval(),
                new Cleanups(taskcast.cleanup().parsedRules()), new WebhookFanout(taskcast.webhooks().parsedGlobal()),
                commandMetrics, hooks), streamsConfig(taskcast.kafka(), processor),
                writer.clientSupplier(localReplies, topics.commandResults().name()),
                processor.startupTimeout(), kafkaMeters, hooks);
    }

    @Bean
    LostViewRebuilder lostViewRebuilder(TaskcastProperties taskcast, Topics topics, RedisTaskViews views,
                                        ViewMarker marker, TopicProvisioner provisionedFirst) {
        Duration retention = taskcast.hotRetention().terminalRetention();
        Map<String, Object> config = ViewReplayer.consumerConfig(taskcast.kafka().bootstrapServers());
        Map<String, Object> uncommitted = new HashMap<>(config);
        uncommitted.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        ViewReplayer replayer = ViewReplayer.of(() -> new KafkaConsumer<>(config), views.unguarded(), retention, null,
                new Cleanups(taskcast.cleanup().parsedRules()), Clock.systemUTC());
        return new LostViewRebuilder(marker, replayer, topics, () -> new KafkaConsumer<>(uncommitted),
                TRANSACTION_TIMEOUT);
    }

    @Bean
    DependencyCheck processorCheck(ProcessorRunner runner) {
        return DependencyCheck.local("processor", runner::processing, () -> runner.processing()
                || runner.state() != KafkaStreams.State.REBALANCING ? runner.state().name()
                : runner.state().name() + " (restoring its state or awaiting its partitions)");
    }

    static Properties streamsConfig(TaskcastProperties.Kafka kafka, ProcessorProperties processor) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.topicPrefix() + "-processor");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, processor.commitInterval().toMillis());
        // Kafka Streams commits only between polls, and an idle thread blocks in poll for poll.ms:
        // polling no longer than the commit interval keeps a lone command's transaction from
        // staying open longer than that (its archive rows and webhooks wait for the commit).
        p.put(StreamsConfig.POLL_MS_CONFIG, processor.commitInterval().toMillis());
        // Outputs leave as soon as the view has them (ViewFirstClients), not at the commit: readers of
        // replies and live events read uncommitted (docs/fast-path.md), so batching only adds latency.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, processor.threads());
        // The worker pool stage reads two topics (docs/workers.md); neither waits for the other.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replicationFactor());
        p.put(StreamsConfig.STATE_DIR_CONFIG, processor.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                (int) processor.sessionTimeout().toMillis());
        // A dead letter is its command plus headers, so it may exceed the default 1 MiB request limit.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Topics.DEAD_LETTER_MAX_BYTES);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), (int) TRANSACTION_TIMEOUT.toMillis());
        return p;
    }
}
