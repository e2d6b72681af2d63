package io.taskcast.kafka.platform.auth;

import io.taskcast.kafka.platform.web.ApiException;
import com.nimbusds.jose.JWSObject;
import io.taskcast.kafka.schemas.json.Json;
import org.springframework.security.oauth2.jwt.Jwt;
import tools.jackson.databind.JsonNode;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the claims of a verified token into an {@link AuthContext} (api.md §8): {@code taskIds} is
 * {@code "*"} or a list of strings (missing → {@code "*"}); {@code scope} is a list of strings, or a
 * space-separated string as in OAuth (missing → none; unknown names grant nothing); {@code sub} is a
 * string. A claim of another shape makes the token invalid: we do not guess what it was meant to grant.
 */
final class TokenClaims {

    private TokenClaims() {
    }

    static AuthContext toContext(Jwt jwt) {
        Map<String, JsonNode> claims = rawClaims(jwt);
        return new AuthContext(scopes(claims.get("scope")), taskIds(claims.get("taskIds")), sub(claims.get("sub")),
                claims);
    }

    /** The payload exactly as sent (Spring's {@link Jwt} has turned {@code exp} into an Instant, {@code aud} into a list). */
    private static Map<String, JsonNode> rawClaims(Jwt jwt) {
        try {
            String payload = JWSObject.parse(jwt.getTokenValue()).getPayload().toString();
            Map<String, JsonNode> claims = new LinkedHashMap<>();
            Json.mapper().readTree(payload).properties().forEach(e -> claims.put(e.getKey(), e.getValue()));
            return claims;
        } catch (ParseException e) {
            throw invalid();
        }
    }

    private static AuthContext.TaskIds taskIds(JsonNode node) {
        if (absent(node) || (node.isString() && node.asString().equals("*"))) {
            return AuthContext.TaskIds.ALL;
        }
        return AuthContext.TaskIds.of(strings(node));
    }

    private static EnumSet<Scope> scopes(JsonNode node) {
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        if (absent(node)) {
            return scopes;
        }
        List<String> names = node.isString() ? List.of(node.asString().trim().split("\\s+")) : strings(node);
        names.forEach(name -> Scope.fromWireName(name).ifPresent(scopes::add));
        return scopes;
    }

    private static String sub(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (!node.isString()) {
            throw invalid();
        }
        return node.asString();
    }

    private static List<String> strings(JsonNode node) {
        if (!node.isArray()) {
            throw invalid();
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isString()) {
                throw invalid();
            }
            values.add(element.asString());
        }
        return values;
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static ApiException invalid() {
        return ApiException.unauthorized(Authenticator.INVALID_TOKEN);
    }
}
