package io.taskcast.kafka.platform.auth;

import io.taskcast.kafka.platform.web.ApiException;
import tools.jackson.databind.JsonNode;

/**
 * May this caller do this (api.md §8)? A route on a task needs that task in the caller's
 * {@code taskIds} (or {@code "*"}), then the route's scope (or {@code *}); else 403 {@code Forbidden}.
 * <p>
 * A task's {@code authConfig.rules} are enforced only in mode {@code jwt}: in mode {@code none}
 * callers have no identity, so a rule naming a {@code sub} or a claim could never be met and
 * would lock everyone out of the task; mode {@code none} means everyone may do everything.
 */
public final class Authorizer {

    private final boolean taskRulesEnforced;

    /** @param taskRulesEnforced true in mode {@code jwt} */
    public Authorizer(boolean taskRulesEnforced) {
        this.taskRulesEnforced = taskRulesEnforced;
    }

    /** @param taskId the task the route acts on; null for routes without one (create, list, global events) */
    public void require(AuthContext ctx, Scope scope, String taskId) {
        boolean taskAllowed = taskId == null || ctx.taskIds().contains(taskId);
        if (!taskAllowed || !ctx.hasScope(scope)) {
            throw ApiException.forbidden();
        }
    }

    /** Whether {@link #requireTaskRules} looks at a task's rules at all (mode {@code jwt}). */
    public boolean enforcesTaskRules() {
        return taskRulesEnforced;
    }

    /** The task's own rules, after {@link #require}; {@code authConfig} may be null (no rules). */
    public void requireTaskRules(AuthContext ctx, Scope scope, JsonNode authConfig) {
        if (taskRulesEnforced && !TaskAuthRules.allow(ctx, scope, authConfig)) {
            throw ApiException.forbidden();
        }
    }
}
