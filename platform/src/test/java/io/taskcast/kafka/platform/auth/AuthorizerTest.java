package io.taskcast.kafka.platform.auth;

import io.taskcast.kafka.platform.web.ApiException;
import io.taskcast.kafka.schemas.json.Json;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scopes and taskIds per route, then a task's own authConfig rules. */
class AuthorizerTest {

    private final Authorizer jwtMode = new Authorizer(true);

    @Test
    void shouldAllowARequestWithTheScopeOnAListedTask() {
        AuthContext ctx = context(Set.of(Scope.EVENT_PUBLISH), List.of("t1", "t2"));

        assertAllowed(() -> jwtMode.require(ctx, Scope.EVENT_PUBLISH, "t2"));
    }

    @Test
    void shouldForbidARequestWithoutTheScope() {
        AuthContext ctx = context(Set.of(Scope.EVENT_SUBSCRIBE), List.of("t1"));

        assertForbidden(() -> jwtMode.require(ctx, Scope.EVENT_PUBLISH, "t1"));
    }

    @Test
    void shouldForbidARequestOnATaskNotInTaskIdsEvenWithTheScope() {
        AuthContext ctx = context(Set.of(Scope.ALL), List.of("t1"));

        assertForbidden(() -> jwtMode.require(ctx, Scope.EVENT_SUBSCRIBE, "t9"));
    }

    @Test
    void shouldLetTheStarScopeGrantEveryScope() {
        AuthContext ctx = context(Set.of(Scope.ALL), List.of("t1"));

        for (Scope scope : Scope.values()) {
            assertAllowed(() -> jwtMode.require(ctx, scope, "t1"));
        }
    }

    @Test
    void shouldLetStarTaskIdsReachEveryTask() {
        AuthContext ctx = new AuthContext(Set.of(Scope.TASK_MANAGE), AuthContext.TaskIds.ALL, "alice", Map.of());

        assertAllowed(() -> jwtMode.require(ctx, Scope.TASK_MANAGE, "any-task"));
        assertForbidden(() -> jwtMode.require(ctx, Scope.TASK_RESOLVE, "any-task"));
    }

    @Test
    void shouldCheckOnlyTheScopeForRoutesWithoutATask() {
        AuthContext ctx = context(Set.of(Scope.TASK_CREATE), List.of());

        assertAllowed(() -> jwtMode.require(ctx, Scope.TASK_CREATE, null));
        assertForbidden(() -> jwtMode.require(ctx, Scope.WEBHOOK_CREATE, null));
    }

    @Test
    void shouldForbidEverythingWithNoScopes() {
        AuthContext ctx = new AuthContext(Set.of(), AuthContext.TaskIds.ALL, "alice", Map.of());

        assertForbidden(() -> jwtMode.require(ctx, Scope.EVENT_SUBSCRIBE, null));
    }

    @Test
    void shouldRequireTheSubListedByAMatchingRule() {
        JsonNode authConfig = json("""
                {"rules":[{"match":{"scope":["event:subscribe"]},"require":{"sub":["alice","bob"]}}]}""");

        assertAllowed(() -> jwtMode.requireTaskRules(withSub("bob"), Scope.EVENT_SUBSCRIBE, authConfig));
        assertForbidden(() -> jwtMode.requireTaskRules(withSub("mallory"), Scope.EVENT_SUBSCRIBE, authConfig));
        assertForbidden(() -> jwtMode.requireTaskRules(withSub(null), Scope.EVENT_SUBSCRIBE, authConfig));
    }

    @Test
    void shouldRequireEveryClaimOfAMatchingRuleToBeEqualAsJson() {
        JsonNode authConfig = json("""
                {"rules":[{"match":{"scope":["*"]},
                           "require":{"claims":{"team":"red","level":3,"tags":["a","b"],"org":{"id":1}}}}]}""");
        AuthContext matching = withClaims(Map.of("team", "\"red\"", "level", "3.0", "tags", "[\"a\",\"b\"]",
                "org", "{\"id\":1}"));
        AuthContext otherTeam = withClaims(Map.of("team", "\"blue\"", "level", "3", "tags", "[\"a\",\"b\"]",
                "org", "{\"id\":1}"));
        AuthContext textLevel = withClaims(Map.of("team", "\"red\"", "level", "\"3\"", "tags", "[\"a\",\"b\"]",
                "org", "{\"id\":1}"));
        AuthContext missingOrg = withClaims(Map.of("team", "\"red\"", "level", "3", "tags", "[\"a\",\"b\"]"));

        assertAllowed(() -> jwtMode.requireTaskRules(matching, Scope.TASK_MANAGE, authConfig));
        assertForbidden(() -> jwtMode.requireTaskRules(otherTeam, Scope.TASK_MANAGE, authConfig));
        assertForbidden(() -> jwtMode.requireTaskRules(textLevel, Scope.TASK_MANAGE, authConfig));
        assertForbidden(() -> jwtMode.requireTaskRules(missingOrg, Scope.TASK_MANAGE, authConfig));
    }

    @Test
    void shouldIgnoreRulesForOtherScopes() {
        JsonNode authConfig = json("""
                {"rules":[{"match":{"scope":["task:manage"]},"require":{"sub":["admin"]}}]}""");

        assertAllowed(() -> jwtMode.requireTaskRules(withSub("alice"), Scope.EVENT_SUBSCRIBE, authConfig));
        assertForbidden(() -> jwtMode.requireTaskRules(withSub("alice"), Scope.TASK_MANAGE, authConfig));
    }

    @Test
    void shouldRequireEveryMatchingRule() {
        JsonNode authConfig = json("""
                {"rules":[{"match":{"scope":["event:history"]},"require":{"sub":["alice","bob"]}},
                          {"match":{"scope":["event:history"]},"require":{"claims":{"team":"red"}}}]}""");
        AuthContext aliceRed = new AuthContext(Set.of(), AuthContext.TaskIds.ALL, "alice", Map.of("team", json("\"red\"")));
        AuthContext aliceBlue = new AuthContext(Set.of(), AuthContext.TaskIds.ALL, "alice", Map.of("team", json("\"blue\"")));

        assertAllowed(() -> jwtMode.requireTaskRules(aliceRed, Scope.EVENT_HISTORY, authConfig));
        assertForbidden(() -> jwtMode.requireTaskRules(aliceBlue, Scope.EVENT_HISTORY, authConfig));
    }

    @Test
    void shouldAllowWhenATaskHasNoRules() {
        assertAllowed(() -> jwtMode.requireTaskRules(withSub("alice"), Scope.TASK_MANAGE, null));
        assertAllowed(() -> jwtMode.requireTaskRules(withSub("alice"), Scope.TASK_MANAGE, json("{}")));
        assertAllowed(() -> jwtMode.requireTaskRules(withSub("alice"), Scope.TASK_MANAGE, json("{\"rules\":[]}")));
    }

    @Test
    void shouldRefuseWhenAMatchingRuleRequiresSomethingOfTheWrongShape() {
        JsonNode subNotAList = json("""
                {"rules":[{"match":{"scope":["*"]},"require":{"sub":"alice"}}]}""");

        assertForbidden(() -> jwtMode.requireTaskRules(withSub("alice"), Scope.TASK_MANAGE, subNotAList));
    }

    @Test
    void shouldNotApplyTaskRulesInModeNone() {
        JsonNode authConfig = json("""
                {"rules":[{"match":{"scope":["*"]},"require":{"sub":["admin"]}}]}""");

        assertAllowed(() -> new Authorizer(false).requireTaskRules(AuthContext.ALL, Scope.TASK_MANAGE, authConfig));
        assertForbidden(() -> jwtMode.requireTaskRules(AuthContext.ALL, Scope.TASK_MANAGE, authConfig));
    }

    private static AuthContext context(Set<Scope> scopes, List<String> taskIds) {
        return new AuthContext(scopes, AuthContext.TaskIds.of(taskIds), "alice", Map.of());
    }

    private static AuthContext withSub(String sub) {
        return new AuthContext(Set.of(Scope.ALL), AuthContext.TaskIds.ALL, sub, Map.of());
    }

    private static AuthContext withClaims(Map<String, String> claimsAsJson) {
        Map<String, JsonNode> claims = new HashMap<>();
        claimsAsJson.forEach((name, value) -> claims.put(name, json(value)));
        return new AuthContext(Set.of(Scope.ALL), AuthContext.TaskIds.ALL, "alice", claims);
    }

    private static JsonNode json(String text) {
        return Json.mapper().readTree(text);
    }

    private static void assertAllowed(ThrowingCallable check) {
        assertThatCode(check).doesNotThrowAnyException();
    }

    private static void assertForbidden(ThrowingCallable check) {
        assertThatThrownBy(check).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.code()).isEqualTo("FORBIDDEN");
            assertThat(e.getMessage()).isEqualTo("Forbidden");
        });
    }
}
