package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.platform.auth.TokenIssuer;
import io.taskcast.kafka.platform.web.ApiException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /admin/token}: trades the admin token for a bearer token with the scopes asked for
 * (default every scope) on every task, as Taskcast's dashboard logs in. Outside the usual auth: the
 * admin token is the credential. Answers 404 unless the admin API is on (taskcast-extras.md §5).
 */
@RestController
public class AdminController {

    static final long DEFAULT_EXPIRES_IN = 86_400;

    private final byte[] adminToken;
    private final TokenIssuer issuer;
    private final Clock clock;

    /** @param adminToken null when the admin API is off */
    public AdminController(String adminToken, TokenIssuer issuer, Clock clock) {
        this.adminToken = adminToken == null ? null : adminToken.getBytes(StandardCharsets.UTF_8);
        this.issuer = issuer;
        this.clock = clock;
    }

    @PostMapping(path = "/admin/token", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> token(@RequestBody(required = false) byte[] body) {
        if (adminToken == null) {
            throw new ApiException(404, "NOT_FOUND", "Not found");
        }
        JsonNode root = parse(body);
        JsonNode presented = root.get("adminToken");
        if (presented == null || !presented.isString() || presented.asString().isEmpty()
                || !MessageDigest.isEqual(presented.asString().getBytes(StandardCharsets.UTF_8), adminToken)) {
            throw ApiException.unauthorized("Invalid admin token");
        }
        List<String> scopes = scopes(root);
        Long expiresIn = Fields.optional(root, "expiresIn", node -> {
            if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 1) {
                throw ApiException.badRequest("expiresIn must be a positive integer (seconds)");
            }
            return node.asLong();
        });
        long now = clock.millis() / 1000;
        long expiresAt = now + (expiresIn == null ? DEFAULT_EXPIRES_IN : expiresIn);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", issuer.issue("admin", scopes, now, expiresAt).orElse(""));
        answer.put("expiresAt", expiresAt);
        return answer;
    }

    /** No detail of a bad body in the answer: a parser's message may quote the token it choked on. */
    private static JsonNode parse(byte[] body) {
        try {
            return Fields.object(body);
        } catch (ApiException e) {
            throw ApiException.badRequest("Invalid request body");
        }
    }

    private static List<String> scopes(JsonNode root) {
        JsonNode node = root.get("scopes");
        if (node == null || node.isNull()) {
            return List.of("*");
        }
        if (!node.isArray()) {
            throw ApiException.badRequest("scopes must be an array of strings");
        }
        List<String> scopes = new ArrayList<>();
        for (JsonNode scope : node) {
            if (!scope.isString() || scope.asString().isBlank()) {
                throw ApiException.badRequest("scopes must be an array of strings");
            }
            scopes.add(scope.asString());
        }
        return scopes;
    }
}
