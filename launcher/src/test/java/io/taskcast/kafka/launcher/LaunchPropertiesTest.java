package io.taskcast.kafka.launcher;

import io.taskcast.kafka.platform.config.TaskcastProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LaunchPropertiesTest {

    private static final Launch.Settings SETTINGS = new Launch.Settings(4000, List.of("ingest"), "k:9092",
            "redis://r:6379", null, Path.of("state"));

    @Test
    void shouldBindTheDocumentedEnvironmentVariables() {
        Map<String, Object> properties = Launch.properties(SETTINGS, Map.of(
                "TASKCAST_KAFKA_TOPIC_PREFIX", "staging",
                "TASKCAST_KAFKA_REPLICATION_FACTOR", "3",
                "TASKCAST_KAFKA_REQUEST_TIMEOUT", "7s"));

        TaskcastProperties bound = new Binder(new MapConfigurationPropertySource(properties))
                .bind("taskcast", TaskcastProperties.class).get();

        assertThat(bound.kafka().topicPrefix()).isEqualTo("staging");
        assertThat(bound.kafka().replicationFactor()).isEqualTo((short) 3);
        assertThat(bound.kafka().requestTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(bound.kafka().bootstrapServers()).isEqualTo("k:9092");
        assertThat(bound.redis().url()).isEqualTo("redis://r:6379");
    }

    @Test
    void shouldPassTheResolvedFlagsAndLeaveUnsetOnesOut() {
        Map<String, Object> properties = Launch.properties(SETTINGS, Map.of());

        assertThat(properties).containsEntry("server.port", 4000).containsEntry("taskcast.roles", "ingest")
                .containsEntry("taskcast.processor.state-dir", Path.of("state").toAbsolutePath().toString())
                .doesNotContainKey("taskcast.postgres.url");
    }
}
