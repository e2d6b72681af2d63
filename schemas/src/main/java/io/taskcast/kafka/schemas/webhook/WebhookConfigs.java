package io.taskcast.kafka.schemas.webhook;

import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.filter.EventFilter;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads webhook configurations from JSON (a task's {@code webhooks} array, api.md §7). Unknown
 * fields are ignored, as Taskcast does; a wrong value fails with its path, e.g.
 * {@code webhooks[0].url must be an absolute http(s) URL}. A URL with credentials
 * ({@code user:pass@}) is refused: the HTTP client would silently drop them.
 */
public final class WebhookConfigs {

    private static final String ROOT = "webhooks";

    private WebhookConfigs() {
    }

    /** A task's {@code webhooks} array; null or JSON null is no webhooks. */
    public static List<WebhookConfig> parseAll(JsonNode webhooks, RetryPolicy defaultRetry) {
        if (webhooks == null || webhooks.isNull()) {
            return List.of();
        }
        if (!webhooks.isArray()) {
            throw ConfigFields.problem(ROOT, "must be an array");
        }
        List<WebhookConfig> configs = new ArrayList<>();
        for (int i = 0; i < webhooks.size(); i++) {
            configs.add(parse(webhooks.get(i), ROOT + "[" + i + "]", defaultRetry));
        }
        return List.copyOf(configs);
    }

    /** The first problem of a task's {@code webhooks} (null = none), naming the field. */
    public static Optional<String> problem(JsonNode webhooks) {
        if (webhooks == null || webhooks.isNull()) {
            return Optional.empty();
        }
        try {
            parseAll(webhooks, RetryPolicy.DEFAULTS);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * One webhook object found at {@code path}; its partial {@code retry} is merged over
     * {@code defaultRetry}.
     */
    public static WebhookConfig parse(JsonNode node, String path, RetryPolicy defaultRetry) {
        ConfigFields.requireObject(node, path);
        URI url = url(node, path);
        EventFilter filter = filter(ConfigFields.present(node, "filter"), path + ".filter");
        String secret = secret(node, path);
        Boolean wrap = ConfigFields.bool(node, "wrap", path);
        RetryPolicy retry = RetryPolicy.fromJson(ConfigFields.present(node, "retry"), defaultRetry, path + ".retry");
        return new WebhookConfig(url, filter, secret, wrap == null || wrap, retry);
    }

    private static URI url(JsonNode node, String path) {
        String text = ConfigFields.nonEmptyString(node, "url", path);
        if (text == null) {
            throw ConfigFields.problem(path + ".url", "is required");
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw ConfigFields.problem(path + ".url", "must be an absolute http(s) URL (" + e.getMessage() + ")");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw ConfigFields.problem(path + ".url", "must be an absolute http(s) URL");
        }
        if (url.getPort() > 65_535) {
            throw ConfigFields.problem(path + ".url", "has port " + url.getPort() + "; ports go up to 65535");
        }
        if (url.getRawUserInfo() != null) {
            throw ConfigFields.problem(path + ".url", "must not carry credentials (user:password@)");
        }
        return url;
    }

    private static EventFilter filter(JsonNode node, String path) {
        if (node == null) {
            return EventFilter.ALL;
        }
        ConfigFields.requireObject(node, path);
        List<String> types = ConfigFields.strings(node, "types", path);
        List<String> levelNames = ConfigFields.strings(node, "levels", path);
        Boolean includeStatus = ConfigFields.bool(node, "includeStatus", path);
        return EventFilter.of(types, levels(levelNames, path + ".levels"), includeStatus);
    }

    private static Set<Level> levels(List<String> names, String path) {
        if (names == null) {
            return null;
        }
        Set<Level> levels = EnumSet.noneOf(Level.class);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String at = path + "[" + i + "]";
            levels.add(Level.fromWire(name).orElseThrow(() -> ConfigFields.problem(at,
                    "must be one of " + expectedLevels() + ", got '" + name + "'")));
        }
        return levels;
    }

    private static String secret(JsonNode node, String path) {
        String secret = ConfigFields.nonEmptyString(node, "secret", path);
        if (secret != null) {
            try {
                WebhookSecrets.standardWebhooksKey(secret);
            } catch (IllegalArgumentException e) {
                throw ConfigFields.problem(path + ".secret", "starts with whsec_ but is not followed by a base64 key");
            }
        }
        return secret;
    }

    private static String expectedLevels() {
        return Arrays.stream(Level.values()).map(Level::wireName).collect(Collectors.joining(", "));
    }
}
