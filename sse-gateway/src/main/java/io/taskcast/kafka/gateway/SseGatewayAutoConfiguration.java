package io.taskcast.kafka.gateway;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskcast.kafka.gateway.live.LiveEvents;
import io.taskcast.kafka.gateway.live.LiveListeners;
import io.taskcast.kafka.gateway.stream.OpenStreams;
import io.taskcast.kafka.gateway.stream.TaskStreams;
import io.taskcast.kafka.gateway.web.StreamRoutes;
import io.taskcast.kafka.gateway.web.StreamRoutesDoc;
import io.taskcast.kafka.platform.TaskReads;
import io.taskcast.kafka.platform.auth.AuthConfiguration;
import io.taskcast.kafka.platform.auth.RequestGuard;
import io.taskcast.kafka.platform.auth.Authenticator;
import io.taskcast.kafka.platform.auth.Authorizer;
import io.taskcast.kafka.platform.config.ConditionalOnRole;
import io.taskcast.kafka.platform.config.Role;
import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.health.DependencyCheck;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.kafka.TopicProvisioner;
import io.taskcast.kafka.platform.metrics.KafkaMeters;
import io.taskcast.kafka.platform.redis.SubscriberCounts;
import io.taskcast.kafka.schemas.topic.Topics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The SSE gateway role: live events from the events topic, replay from Redis (or the Postgres archive), per-task and global streams. */
@AutoConfiguration
@ConditionalOnRole(Role.GATEWAY)
@EnableConfigurationProperties(GatewayProperties.class)
@Import(AuthConfiguration.class)
public class SseGatewayAutoConfiguration {

    @Bean
    LiveListeners liveListeners() {
        return new LiveListeners();
    }

    /** Depends on the provisioner so the events topic exists before its partitions are listed. */
    @Bean
    LiveEvents liveEvents(TaskcastProperties taskcast, GatewayProperties gateway, Topics topics,
                          LiveListeners listeners, KafkaMeters kafkaMeters, HookDispatcher hooks,
                          ObjectProvider<MeterRegistry> registry, TopicProvisioner provisionedFirst) {
        LiveEvents live = new LiveEvents(taskcast.kafka().bootstrapServers(), topics.events(), gateway.pollTimeout(),
                listeners, kafkaMeters, hooks);
        FunctionCounter.builder("taskcast.gateway.event.copies.dropped", live, LiveEvents::copiesDropped)
                .description("Second copies of live events dropped: events of a processor transaction that was"
                        + " aborted after they were read, written again identically")
                .register(registry.getIfAvailable(SimpleMeterRegistry::new));
        return live;
    }

    /** Readiness is down while the live reader fails: open streams get nothing meanwhile. */
    @Bean
    DependencyCheck gatewayLiveCheck(LiveEvents live) {
        return live.readiness();
    }

    @Bean
    TaskStreams taskStreams(LiveListeners listeners, TaskReads views, SubscriberCounts subscribers,
                            GatewayProperties gateway, ObjectProvider<MeterRegistry> registry, HookDispatcher hooks) {
        return new TaskStreams(listeners, views, subscribers, gateway.keepalive(), gateway.maxBuffered(),
                new OpenStreams(registry.getIfAvailable(SimpleMeterRegistry::new)), hooks);
    }

    @Bean
    @StreamRoutesDoc
    RouterFunction<ServerResponse> taskcastStreamRoutes(RequestGuard guard, TaskStreams streams, HookDispatcher hooks,
                                                        GatewayProperties gateway) {
        return new StreamRoutes(guard, streams, hooks, gateway.slowClientGrace()).routes();
    }

    /** The API's auto-configuration makes the same one when it runs in this process. */
    @Bean
    @ConditionalOnMissingBean
    RequestGuard requestGuard(Authenticator authenticator, Authorizer authorizer, TaskReads views) {
        return new RequestGuard(authenticator, authorizer, views);
    }
}
