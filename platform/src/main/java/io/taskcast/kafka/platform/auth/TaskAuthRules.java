package io.taskcast.kafka.platform.auth;

import tools.jackson.databind.JsonNode;

import java.util.Comparator;

/**
 * A task's {@code authConfig.rules} (api.md §8, beyond Taskcast): each rule whose
 * {@code match.scope} lists the requested scope (or {@code *}) must hold: the caller's {@code sub}
 * is in {@code require.sub} (when given) and every claim in {@code require.claims} equals the
 * caller's claim as JSON (numbers by value, so {@code 1} equals {@code 1.0}).
 * <p>
 * A rule without a {@code match.scope} list applies to nothing; a {@code require} of the wrong shape
 * can never be satisfied, so it refuses rather than silently granting.
 */
final class TaskAuthRules {

    /** JSON equality with numbers compared by value (IntNode 1 vs LongNode 1 vs DoubleNode 1.0). */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private TaskAuthRules() {
    }

    static boolean allow(AuthContext ctx, Scope scope, JsonNode authConfig) {
        if (authConfig == null || !authConfig.isObject() || !authConfig.path("rules").isArray()) {
            return true;
        }
        for (JsonNode rule : authConfig.path("rules")) {
            if (matches(rule, scope) && !satisfied(rule.path("require"), ctx)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(JsonNode rule, Scope scope) {
        JsonNode scopes = rule.path("match").path("scope");
        if (!scopes.isArray()) {
            return false;
        }
        for (JsonNode name : scopes) {
            if (name.isString() && (name.asString().equals(scope.wireName()) || name.asString().equals("*"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean satisfied(JsonNode require, AuthContext ctx) {
        if (require.isMissingNode() || require.isNull()) {
            return true;
        }
        if (!require.isObject()) {
            return false;
        }
        return subAllowed(require.get("sub"), ctx.sub()) && claimsEqual(require.get("claims"), ctx);
    }

    private static boolean subAllowed(JsonNode allowed, String sub) {
        if (allowed == null || allowed.isNull()) {
            return true;
        }
        if (!allowed.isArray() || sub == null) {
            return false;
        }
        for (JsonNode candidate : allowed) {
            if (candidate.isString() && candidate.asString().equals(sub)) {
                return true;
            }
        }
        return false;
    }

    private static boolean claimsEqual(JsonNode required, AuthContext ctx) {
        if (required == null || required.isNull()) {
            return true;
        }
        if (!required.isObject()) {
            return false;
        }
        for (var claim : required.properties()) {
            JsonNode actual = ctx.claims().get(claim.getKey());
            if (actual == null || !claim.getValue().equals(NUMBERS_BY_VALUE, actual)) {
                return false;
            }
        }
        return true;
    }
}
