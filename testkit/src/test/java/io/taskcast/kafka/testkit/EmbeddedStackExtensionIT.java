package io.taskcast.kafka.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskcast.kafka.embedded.EmbeddedStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedStackExtension.class)
class EmbeddedStackExtensionIT {

    private static EmbeddedStack fromBeforeAll;
    private final EmbeddedStack fromConstructor;

    EmbeddedStackExtensionIT(EmbeddedStack stack) {
        this.fromConstructor = stack;
    }

    @BeforeAll
    static void rememberStack(EmbeddedStack stack) {
        fromBeforeAll = stack;
    }

    @Test
    void shouldInjectTheSameStackEverywhere(EmbeddedStack fromMethod) {
        assertThat(fromMethod).isSameAs(fromConstructor).isSameAs(fromBeforeAll).isSameAs(EmbeddedStackExtension.stack());
        SeenStacks.ALL.add(fromMethod);
        assertThat(SeenStacks.ALL).as("one stack per test JVM").hasSize(1);
    }

    @Test
    void shouldServeKafkaAndPostgres(EmbeddedStack stack) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }
        try (Connection connection = DriverManager.getConnection(stack.postgresJdbcUrl(), "postgres", null);
             ResultSet rows = connection.createStatement().executeQuery("select 1")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
        assertThat(stack.redisUrl()).startsWith("redis://127.0.0.1:");
    }
}
