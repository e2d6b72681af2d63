package io.taskcast.kafka.platform.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Binding and start-up checks of {@code taskcast.auth.*}; every failure names its key. */
class AuthPropertiesTest {

    @Test
    void shouldDefaultToModeNoneAndHs256() {
        AuthProperties auth = bind(Map.of());

        assertThat(auth.jwtMode()).isFalse();
        assertThat(auth.jwt().algorithm()).isEqualTo("HS256");
        assertThat(auth.jwt().clockSkew()).isEqualTo(Duration.ZERO);
        assertThat(auth.trustedServices()).isEmpty();
    }

    @Test
    void shouldBindJwtModeWithTrustedServices() {
        AuthProperties auth = bind(Map.of(
                "taskcast.auth.mode", "JWT",
                "taskcast.auth.jwt.secret", Tokens.SECRET,
                "taskcast.auth.jwt.issuer", "https://issuer.example",
                "taskcast.auth.trusted-services[0].name", "billing",
                "taskcast.auth.trusted-services[0].key", "k1",
                "taskcast.auth.trusted-services[0].scope", "task:create,event:publish",
                "taskcast.auth.trusted-services[0].task-ids", "*"));

        assertThat(auth.jwtMode()).isTrue();
        assertThat(auth.jwt().issuer()).isEqualTo("https://issuer.example");
        assertThat(auth.trustedServices()).containsExactly(new AuthProperties.TrustedService(
                "billing", "k1", List.of("task:create", "event:publish"), List.of("*")));
    }

    @Test
    void shouldStopStartUpOnAnUnknownModeNamingTheKey() {
        assertStartUpFails(Map.of("taskcast.auth.mode", "custom"),
                "taskcast.auth.mode (TASKCAST_AUTH_MODE) must be none or jwt, got 'custom'");
    }

    @Test
    void shouldStopStartUpOnAnUnknownAlgorithmNamingTheKey() {
        assertStartUpFails(Map.of("taskcast.auth.jwt.algorithm", "none"), "taskcast.auth.jwt.algorithm");
    }

    @Test
    void shouldRequireASecretForHmacAlgorithms() {
        assertStartUpFails(Map.of("taskcast.auth.mode", "jwt"),
                "taskcast.auth.jwt.secret (TASKCAST_JWT_SECRET) is required for HS256");
    }

    @Test
    void shouldRequireASecretAsLongAsTheHash() {
        assertStartUpFails(Map.of("taskcast.auth.mode", "jwt", "taskcast.auth.jwt.secret", "your-secret-key"),
                "taskcast.auth.jwt.secret (TASKCAST_JWT_SECRET) must be at least 32 bytes for HS256");
        assertStartUpFails(Map.of("taskcast.auth.mode", "jwt", "taskcast.auth.jwt.algorithm", "HS512",
                "taskcast.auth.jwt.secret", Tokens.SECRET.substring(0, 63)), "at least 64 bytes for HS512");
    }

    @Test
    void shouldRequireAPublicKeyForRsaEcAndPssAlgorithms() {
        for (String algorithm : List.of("RS256", "ES384", "PS256")) {
            assertStartUpFails(Map.of("taskcast.auth.mode", "jwt", "taskcast.auth.jwt.algorithm", algorithm,
                    "taskcast.auth.jwt.secret", Tokens.SECRET),
                    "taskcast.auth.jwt.public-key (TASKCAST_JWT_PUBLIC_KEY) or taskcast.auth.jwt.public-key-file"
                            + " (TASKCAST_JWT_PUBLIC_KEY_FILE) is required for " + algorithm);
        }
    }

    @Test
    void shouldNameTheTrustedServiceSettingThatIsWrong() {
        assertStartUpFails(Map.of("taskcast.auth.trusted-services[0].name", "a"),
                "taskcast.auth.trusted-services[0].key is required");
        assertStartUpFails(Map.of("taskcast.auth.trusted-services[0].key", "k"),
                "taskcast.auth.trusted-services[0].name is required");
        assertStartUpFails(Map.of("taskcast.auth.trusted-services[0].name", "a",
                "taskcast.auth.trusted-services[0].key", "k",
                "taskcast.auth.trusted-services[0].scope", "task:create,tasks:create"),
                "taskcast.auth.trusted-services[0].scope has an unknown scope 'tasks:create'");
        assertStartUpFails(Map.of("taskcast.auth.trusted-services[0].name", "a",
                "taskcast.auth.trusted-services[0].key", "k",
                "taskcast.auth.trusted-services[1].name", "b",
                "taskcast.auth.trusted-services[1].key", "k"),
                "taskcast.auth.trusted-services[1].key is the same as another trusted service's key");
    }

    @Test
    void shouldNeverShowSecretsOrServiceKeysInToString() {
        AuthProperties auth = bind(Map.of(
                "taskcast.auth.mode", "jwt",
                "taskcast.auth.jwt.secret", Tokens.SECRET,
                "taskcast.auth.trusted-services[0].name", "billing",
                "taskcast.auth.trusted-services[0].key", "service-key-do-not-log"));

        assertThat(auth.toString())
                .doesNotContain(Tokens.SECRET)
                .doesNotContain("service-key-do-not-log")
                .contains("secret=(redacted)", "key=(redacted)", "billing");
    }

    @Test
    void shouldNameTheFileWhenThePublicKeyFileCannotBeRead(@TempDir Path dir) {
        Path missing = dir.resolve("missing.pem");
        AuthProperties.Jwt jwt = new AuthProperties.Jwt("RS256", null, null, missing.toString(), null, null, null);

        assertThatThrownBy(() -> TokenDecoders.create(jwt))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("taskcast.auth.jwt.public-key-file")
                .hasMessageContaining(missing.toAbsolutePath().toString());
    }

    @Test
    void shouldReadThePublicKeyFromAFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("jwt.pub"), Tokens.pem(Tokens.EC_P256.getPublic()));

        assertThat(TokenDecoders.create(
                new AuthProperties.Jwt("ES256", null, null, file.toString(), null, null, null))).isNotNull();
    }

    @Test
    void shouldAcceptAnInlinePemWithEscapedNewlinesAsFromAnEnvironmentVariable() {
        String escaped = Tokens.pem(Tokens.RSA.getPublic()).replace("\n", "\\n");

        assertThat(TokenDecoders.create(AuthFixtures.jwt("RS256", null, escaped))).isNotNull();
    }

    @Test
    void shouldRejectAPublicKeyThatIsNotAPemPublicKey() {
        assertThatThrownBy(() -> TokenDecoders.create(AuthFixtures.jwt("RS256", null, "not a key")))
                .hasMessageContaining("taskcast.auth.jwt.public-key (TASKCAST_JWT_PUBLIC_KEY) is not a valid RSA public key");
        assertThatThrownBy(() -> TokenDecoders.create(AuthFixtures.jwt("RS256", null,
                "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----")))
                .hasMessageContaining("must be a PEM public key");
    }

    @Test
    void shouldRejectAKeyOfTheWrongTypeOrCurveForTheAlgorithm() {
        assertThatThrownBy(() -> TokenDecoders.create(AuthFixtures.jwt("ES256", null, Tokens.pem(Tokens.RSA.getPublic()))))
                .hasMessageContaining("is not a valid EC public key");
        assertThatThrownBy(() -> TokenDecoders.create(AuthFixtures.jwt("ES256", null, Tokens.pem(Tokens.EC_P384.getPublic()))))
                .hasMessageContaining("ES256 needs a key on curve").hasMessageContaining("got P-384");
    }

    /** @param message expected in the root cause */
    private static void assertStartUpFails(Map<String, String> values, String message) {
        assertThatThrownBy(() -> bind(values))
                .isInstanceOf(BindException.class)
                .rootCause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(Tokens.SECRET.substring(0, 20)));
    }

    private static AuthProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("taskcast.auth", AuthProperties.class);
    }
}
