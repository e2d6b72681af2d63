package io.taskcast.kafka.platform.auth;

import tools.jackson.databind.JsonNode;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * What one request may do: its scopes, the tasks it may touch, and who it is.
 *
 * @param scopes the scopes granted; {@link Scope#ALL} grants every scope
 * @param taskIds the tasks it may touch
 * @param sub the token's {@code sub}, {@code svc:<name>} for a trusted service, null when unknown
 * @param claims every claim of the token as JSON (empty for trusted services and mode none);
 *               task {@code authConfig} rules compare against them
 */
public record AuthContext(Set<Scope> scopes, TaskIds taskIds, String sub, Map<String, JsonNode> claims) {

    /** Mode {@code none}: everyone may do everything. */
    public static final AuthContext ALL = new AuthContext(Set.of(Scope.ALL), TaskIds.ALL, null, Map.of());

    public AuthContext {
        scopes = Set.copyOf(scopes);
        claims = claims == null ? Map.of() : Map.copyOf(claims);
    }

    public boolean hasScope(Scope scope) {
        return scopes.contains(Scope.ALL) || scopes.contains(scope);
    }

    /**
     * The tasks a request may touch: every task ({@code "*"}) or the listed ids.
     *
     * @param all true for {@code "*"}
     * @param ids the listed ids; empty when {@code all}
     */
    public record TaskIds(boolean all, Set<String> ids) {

        public static final TaskIds ALL = new TaskIds(true, Set.of());

        public TaskIds {
            ids = all ? Set.of() : Set.copyOf(ids);
        }

        public static TaskIds of(Collection<String> ids) {
            return new TaskIds(false, Set.copyOf(ids));
        }

        public boolean contains(String taskId) {
            return all || ids.contains(taskId);
        }
    }
}
