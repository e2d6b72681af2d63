package io.taskcast.kafka.platform.sentry;

import io.taskcast.kafka.platform.auth.AuthProperties;
import io.taskcast.kafka.platform.config.TaskcastProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the Sentry reports are scrubbed of before they leave: every secret the settings hold. */
class SentrySecretsTest {

    private static final String JWT_SECRET = "a-jwt-secret-of-at-least-32-bytes!!";

    @Test
    void shouldBlankTheJwtSecretServiceKeysAndStorePasswordsFromAReportsText() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
                "taskcast.kafka.bootstrap-servers", "k:9092",
                "taskcast.redis.url", "redis://default:redis-pass@r:6379",
                "taskcast.postgres.url", "postgres://app:pg-pass-123@pg:5432/db")));
        TaskcastProperties taskcast = binder.bind("taskcast", TaskcastProperties.class).get();
        AuthProperties auth = new AuthProperties("jwt", new AuthProperties.Jwt("HS256", JWT_SECRET, null, null, null,
                null, null), List.of(new AuthProperties.TrustedService("ops", "svc-key-42", List.of("*"), List.of("*"))));

        List<String> secrets = SentryAutoConfiguration.secrets(taskcast, auth);
        String text = SentryAutoConfiguration.blank("connect to postgres://app:pg-pass-123@pg failed; key svc-key-42, "
                + "redis-pass, " + JWT_SECRET, secrets);

        assertThat(secrets).containsExactlyInAnyOrder(JWT_SECRET, "svc-key-42", "redis-pass", "pg-pass-123");
        assertThat(text).isEqualTo("connect to postgres://app:[secret]@pg failed; key [secret], [secret], [secret]");
    }

    @Test
    void shouldHaveNothingToBlankWithoutSecrets() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
                "taskcast.kafka.bootstrap-servers", "k:9092", "taskcast.redis.url", "redis://r:6379")));

        List<String> secrets = SentryAutoConfiguration.secrets(binder.bind("taskcast", TaskcastProperties.class).get(),
                new AuthProperties("none", null, null));

        assertThat(secrets).isEmpty();
        assertThat(SentryAutoConfiguration.blank("nothing secret", secrets)).isEqualTo("nothing secret");
    }
}
