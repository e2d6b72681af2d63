package io.taskcast.kafka.platform.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Binding of {@code taskcast.redis.terminal-retention}. */
class TaskcastPropertiesTest {

    @Test
    void shouldKeepTerminalTasksForeverWhenNoRetentionIsSet() {
        assertThat(bind(Map.of()).redis().terminalRetention()).isNull();
    }

    @Test
    void shouldBindTheTerminalRetention() {
        assertThat(bind(Map.of("taskcast.redis.terminal-retention", "24h")).redis().terminalRetention())
                .isEqualTo(Duration.ofHours(24));
    }

    @Test
    void shouldRejectANegativeRetentionNamingItsKey() {
        assertThatThrownBy(() -> bind(Map.of("taskcast.redis.terminal-retention", "-1s")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("taskcast.redis.terminal-retention");
    }

    private static TaskcastProperties bind(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(extra);
        values.put("taskcast.kafka.bootstrap-servers", "localhost:9092");
        values.put("taskcast.redis.url", "redis://localhost:6379");
        return new Binder(new MapConfigurationPropertySource(values)).bind("taskcast", TaskcastProperties.class).get();
    }
}
