package io.taskcast.kafka.platform.auth;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The beans the REST API role imports, started as Spring starts them. */
class AuthConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(AuthConfiguration.class);

    @Test
    void shouldAllowEverythingByDefault() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Authenticator.class).authenticate(AuthFixtures.request(Map.of()))
                    .block()).isEqualTo(AuthContext.ALL);
        });
    }

    @Test
    void shouldVerifyTokensWithTheConfiguredSecretInJwtMode() {
        runner.withPropertyValues("taskcast.auth.mode=jwt", "taskcast.auth.jwt.secret=" + Tokens.SECRET)
                .run(context -> {
                    String token = Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET, AuthFixtures.claims().build());
                    assertThat(context.getBean(Authenticator.class).authenticate(AuthFixtures.bearer(token))
                            .block().sub()).isEqualTo("alice");
                });
    }

    @Test
    void shouldFailStartUpNamingTheUnreadableKeyFile() {
        runner.withPropertyValues("taskcast.auth.mode=jwt", "taskcast.auth.jwt.algorithm=RS256",
                        "taskcast.auth.jwt.public-key-file=/nonexistent/jwt.pub")
                .run(context -> assertThat(ownCheck(context.getStartupFailure()))
                        .hasMessageContaining("taskcast.auth.jwt.public-key-file")
                        .hasMessageContaining("/nonexistent/jwt.pub"));
    }

    /** The launcher reports the innermost IllegalArgumentException of a failed start; so do we. */
    private static Throwable ownCheck(Throwable failure) {
        Throwable ours = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                ours = t;
            }
        }
        return ours;
    }
}
