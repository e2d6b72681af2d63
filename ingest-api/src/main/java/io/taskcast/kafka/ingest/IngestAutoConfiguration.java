package io.taskcast.kafka.ingest;

import io.taskcast.kafka.ingest.commands.CommandBus;
import io.taskcast.kafka.ingest.web.ErrorResponses;
import io.taskcast.kafka.ingest.web.HealthController;
import io.taskcast.kafka.ingest.web.TaskController;
import io.taskcast.kafka.platform.config.ConditionalOnRole;
import io.taskcast.kafka.platform.config.Role;
import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.health.DependencyCheck;
import io.taskcast.kafka.platform.kafka.TopicProvisioner;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.platform.redis.SubscriberCounts;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CommandResult;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Topics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.web.reactive.config.WebFluxConfigurer;

import java.util.List;

/** The REST API role. */
@AutoConfiguration
@ConditionalOnRole(Role.INGEST)
@EnableConfigurationProperties(IngestProperties.class)
public class IngestAutoConfiguration {

    @Bean
    ReplyingKafkaTemplate<String, Command, CommandResult> commandTemplate(TaskcastProperties taskcast,
            IngestProperties ingest, Topics topics, TopicProvisioner provisionedFirst) {
        return ReplyChannel.template(taskcast.kafka(), ingest, topics);
    }

    @Bean
    CommandBus commandBus(ReplyingKafkaTemplate<String, Command, CommandResult> template, Topics topics,
                          IngestProperties ingest) {
        return new CommandBus(template, topics.commands().name(), ingest.replyTimeout());
    }

    @Bean
    TaskController taskController(CommandBus commands, RedisTaskViews views, SubscriberCounts subscribers) {
        return new TaskController(commands, views, subscribers);
    }

    @Bean
    HealthController healthController(List<DependencyCheck> checks) {
        return new HealthController(checks);
    }

    @Bean
    ErrorResponses errorResponses() {
        return new ErrorResponses();
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
