package io.taskcast.kafka.platform.auth;

import io.taskcast.kafka.platform.web.ApiException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.StringNode;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.taskcast.kafka.platform.auth.AuthFixtures.authenticator;
import static io.taskcast.kafka.platform.auth.AuthFixtures.bearer;
import static io.taskcast.kafka.platform.auth.AuthFixtures.claims;
import static io.taskcast.kafka.platform.auth.AuthFixtures.hs256;
import static io.taskcast.kafka.platform.auth.AuthFixtures.jwt;
import static io.taskcast.kafka.platform.auth.AuthFixtures.jwtMode;
import static io.taskcast.kafka.platform.auth.AuthFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Authorization and service-key headers, mode none, and how claims become permissions. */
class AuthenticatorTest {

    private static final AuthProperties.TrustedService BILLING = new AuthProperties.TrustedService(
            "billing", "billing-key-0123456789", List.of("task:create", "event:publish"), List.of("t1", "t2"));
    private static final AuthProperties.TrustedService OPS = new AuthProperties.TrustedService(
            "ops", "ops-key", List.of("*"), null);

    private final Authenticator withServices = authenticator(jwtMode(jwt("HS256", Tokens.SECRET, null), BILLING, OPS));

    @Test
    void shouldLetEveryoneDoEverythingInModeNone() {
        Authenticator none = authenticator(new AuthProperties("none", null, List.of(BILLING)));

        assertThat(none.authenticate(request(Map.of())).block()).isEqualTo(AuthContext.ALL);
        assertThat(none.authenticate(request(Map.of(HttpHeaders.AUTHORIZATION, "Bearer garbage",
                Authenticator.SERVICE_KEY_HEADER, "wrong"))).block()).isEqualTo(AuthContext.ALL);
    }

    @Test
    void shouldAnswerMissingBearerTokenWithoutAnAuthorizationHeader() {
        assertUnauthorized(hs256(), Map.of(), "Missing Bearer token");
    }

    @Test
    void shouldAnswerMissingBearerTokenForAnotherScheme() {
        assertUnauthorized(hs256(), Map.of(HttpHeaders.AUTHORIZATION, "Basic YWxpY2U6c2VjcmV0"), "Missing Bearer token");
        assertUnauthorized(hs256(), Map.of(HttpHeaders.AUTHORIZATION, "Bearer"), "Missing Bearer token");
    }

    @Test
    void shouldTreatALowercaseBearerSchemeAsMissingLikeTaskcast() {
        String valid = Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET, claims().build());

        assertUnauthorized(hs256(), Map.of(HttpHeaders.AUTHORIZATION, "bearer " + valid), "Missing Bearer token");
    }

    @Test
    void shouldActAsTheTrustedServiceWhoseKeyIsPresented() {
        // when
        AuthContext ctx = withServices.authenticate(
                request(Map.of(Authenticator.SERVICE_KEY_HEADER, "billing-key-0123456789"))).block();

        // then
        assertThat(ctx).isEqualTo(new AuthContext(Set.of(Scope.TASK_CREATE, Scope.EVENT_PUBLISH),
                AuthContext.TaskIds.of(List.of("t1", "t2")), "svc:billing", Map.of()));
    }

    @Test
    void shouldGiveATrustedServiceWithoutTaskIdsEveryTask() {
        AuthContext ctx = withServices.authenticate(request(Map.of(Authenticator.SERVICE_KEY_HEADER, "ops-key"))).block();

        assertThat(ctx.taskIds()).isEqualTo(AuthContext.TaskIds.ALL);
        assertThat(ctx.scopes()).containsExactly(Scope.ALL);
    }

    @Test
    void shouldRejectAWrongServiceKeyEvenWithAValidBearerToken() {
        String valid = Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET, claims().build());

        assertUnauthorized(withServices, Map.of(Authenticator.SERVICE_KEY_HEADER, "billing-key-012345678"),
                "Invalid service key");
        assertUnauthorized(withServices, Map.of(Authenticator.SERVICE_KEY_HEADER, ""), "Invalid service key");
        assertUnauthorized(withServices, Map.of(Authenticator.SERVICE_KEY_HEADER, "billing-key-0123456789x",
                HttpHeaders.AUTHORIZATION, "Bearer " + valid), "Invalid service key");
    }

    @Test
    void shouldRejectAWrongServiceKeyOfTheSameLength() {
        // given keys that differ from billing's only in the last character, or only in the first
        assertUnauthorized(withServices, Map.of(Authenticator.SERVICE_KEY_HEADER, "billing-key-0123456788"),
                "Invalid service key");
        assertUnauthorized(withServices, Map.of(Authenticator.SERVICE_KEY_HEADER, "Billing-key-0123456789"),
                "Invalid service key");
        assertUnauthorized(withServices, Map.of(Authenticator.SERVICE_KEY_HEADER, "ops-kez"), "Invalid service key");
    }

    @Test
    void shouldFallBackToTheBearerTokenWithoutAServiceKeyHeader() {
        assertUnauthorized(withServices, Map.of(), "Missing Bearer token");
        String valid = Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET, claims().build());
        assertThat(withServices.authenticate(bearer(valid)).block().sub()).isEqualTo("alice");
    }

    @Test
    void shouldIgnoreAServiceKeyHeaderWhenNoServicesAreConfiguredLikeTaskcast() {
        String valid = Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET, claims().build());

        assertThat(hs256().authenticate(request(Map.of(Authenticator.SERVICE_KEY_HEADER, "anything",
                HttpHeaders.AUTHORIZATION, "Bearer " + valid))).block().sub()).isEqualTo("alice");
    }

    @Test
    void shouldGrantEveryTaskWhenTheTaskIdsClaimIsMissingOrStar() {
        assertThat(contextOf(claims().claim("taskIds", null)).taskIds()).isEqualTo(AuthContext.TaskIds.ALL);
        assertThat(contextOf(claims().claim("taskIds", "*")).taskIds()).isEqualTo(AuthContext.TaskIds.ALL);
    }

    @Test
    void shouldGrantNoScopeWhenTheScopeClaimIsMissing() {
        assertThat(contextOf(claims().claim("scope", null)).scopes()).isEmpty();
    }

    @Test
    void shouldReadASpaceSeparatedScopeStringAsOAuthDoes() {
        AuthContext ctx = contextOf(claims().claim("scope", "event:subscribe  event:history unknown:scope"));

        assertThat(ctx.scopes()).containsExactlyInAnyOrder(Scope.EVENT_SUBSCRIBE, Scope.EVENT_HISTORY);
    }

    @Test
    void shouldIgnoreUnknownScopeNamesInAList() {
        AuthContext ctx = contextOf(claims().claim("scope", List.of("event:publish", "admin", "TASK:CREATE")));

        assertThat(ctx.scopes()).containsExactly(Scope.EVENT_PUBLISH);
    }

    @Test
    void shouldKeepEveryClaimAsSentForTaskRules() {
        AuthContext ctx = contextOf(claims().claim("team", "red").claim("level", 3).audience("taskcast"));

        assertThat(ctx.claims()).containsEntry("team", new StringNode("red"))
                .containsEntry("level", IntNode.valueOf(3))
                .containsEntry("aud", new StringNode("taskcast"))
                .containsKey("exp");
        assertThat(ctx.claims().get("exp").isIntegralNumber()).isTrue();
    }

    @Test
    void shouldRejectATokenWhoseTaskIdsOrScopeOrSubHasAnotherShape() {
        assertInvalid(claims().claim("taskIds", "t1"));
        assertInvalid(claims().claim("taskIds", 7));
        assertInvalid(claims().claim("taskIds", List.of("t1", 2)));
        assertInvalid(claims().claim("scope", Map.of("event:subscribe", true)));
        assertInvalid(claims().claim("sub", 42));
    }

    private static AuthContext contextOf(JWTClaimsSet.Builder claims) {
        return hs256().authenticate(bearer(Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET, claims.build()))).block();
    }

    private static void assertInvalid(JWTClaimsSet.Builder claims) {
        JwtVerificationTest.assertRejected(hs256(), Tokens.hmac(JWSAlgorithm.HS256, Tokens.SECRET, claims.build()));
    }

    private static void assertUnauthorized(Authenticator authenticator, Map<String, String> headers, String message) {
        assertThatThrownBy(() -> authenticator.authenticate(request(headers)).block())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.code()).isEqualTo("UNAUTHORIZED");
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }
}
