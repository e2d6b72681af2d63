package io.taskcast.kafka.platform.config;

import io.taskcast.kafka.schemas.cleanup.CleanupTarget;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Binding of {@code taskcast.hot-retention.*} and {@code taskcast.cleanup.rules}. */
class TaskcastPropertiesTest {

    @Test
    void shouldKeepTerminalTasksInRedisWhenHotRetentionIsDisabledByDefault() {
        TaskcastProperties bound = bind(Map.of());
        assertThat(bound.hotRetention().enabled()).isFalse();
        assertThat(bound.hotRetention().terminalSeconds()).isEqualTo(86_400);
        assertThat(bound.hotRetention().terminalRetention()).isNull();
    }

    @Test
    void shouldBindTheTerminalRetentionWhenEnabled() {
        TaskcastProperties bound = bind(Map.of("taskcast.hot-retention.enabled", "true",
                "taskcast.hot-retention.terminal-seconds", "3600"));
        assertThat(bound.hotRetention().terminalRetention()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldRejectANonPositiveRetentionNamingItsKey() {
        assertThatThrownBy(() -> bind(Map.of("taskcast.hot-retention.terminal-seconds", "0")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("taskcast.hot-retention.terminal-seconds")
                .hasMessageContaining("TASKCAST_HOT_RETENTION_TERMINAL_SECONDS");
    }

    @Test
    void shouldHaveNoConfiguredCleanupRulesByDefault() {
        assertThat(bind(Map.of()).cleanup().parsedRules()).isEmpty();
    }

    @Test
    void shouldBindCleanupRulesGivenAsJson() {
        TaskcastProperties bound = bind(Map.of("taskcast.cleanup.rules",
                "[{\"target\":\"events\",\"trigger\":{\"afterMs\":5000},\"eventFilter\":{\"levels\":[\"debug\"]}}]"));
        assertThat(bound.cleanup().parsedRules()).singleElement().satisfies(rule -> {
            assertThat(rule.target()).isEqualTo(CleanupTarget.EVENTS);
            assertThat(rule.trigger().afterMs()).isEqualTo(5000L);
        });
    }

    @Test
    void shouldRejectABadCleanupRuleNamingTheSettingAndTheField() {
        assertThatThrownBy(() -> bind(Map.of("taskcast.cleanup.rules", "[{\"target\":\"everything\"}]")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessage("taskcast.cleanup.rules (TASKCAST_CLEANUP_RULES)[0].target must be one of"
                        + " all, events, task");
    }

    @Test
    void shouldLeaveTheEventsRetentionToTheBrokerUnlessSet() {
        assertThat(bind(Map.of()).kafka().eventsRetention()).isNull();
        assertThat(bind(Map.of("taskcast.kafka.events-retention", "7d")).kafka().eventsRetention())
                .isEqualTo(Duration.ofDays(7));
        assertThat(bind(Map.of("taskcast.kafka.events-retention", "-1")).kafka().eventsRetention())
                .isEqualTo(TaskcastProperties.Kafka.RETAIN_FOREVER);
    }

    @Test
    void shouldRejectAZeroEventsRetentionNamingItsKey() {
        assertThatThrownBy(() -> bind(Map.of("taskcast.kafka.events-retention", "0s")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("taskcast.kafka.events-retention (TASKCAST_KAFKA_EVENTS_RETENTION)");
    }

    private static TaskcastProperties bind(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(extra);
        values.put("taskcast.kafka.bootstrap-servers", "localhost:9092");
        values.put("taskcast.redis.url", "redis://localhost:6379");
        return new Binder(new MapConfigurationPropertySource(values)).bind("taskcast", TaskcastProperties.class).get();
    }
}
