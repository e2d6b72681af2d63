package io.taskcast.kafka.schemas.webhook;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields of a webhook's JSON configuration one by one. Every problem is an
 * {@link IllegalArgumentException} whose message starts with the field's full path
 * ({@code webhooks[0].retry.retries}), so a user sees at once which value to fix. JSON null counts
 * as absent.
 */
final class ConfigFields {

    private ConfigFields() {
    }

    /** The field's value, or null when it is absent or JSON null. */
    static JsonNode present(JsonNode object, String field) {
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? null : node;
    }

    static void requireObject(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw problem(path, "must be an object");
        }
    }

    static String nonEmptyString(JsonNode object, String field, String path) {
        JsonNode node = present(object, field);
        if (node == null) {
            return null;
        }
        if (!node.isString() || node.asString().isEmpty()) {
            throw problem(path + "." + field, "must be a non-empty string");
        }
        return node.asString();
    }

    static Boolean bool(JsonNode object, String field, String path) {
        JsonNode node = present(object, field);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw problem(path + "." + field, "must be true or false");
        }
        return node.asBoolean();
    }

    /** An integral number that fits a long; 1.5 and 1.0 are refused alike, as everywhere in the API. */
    static Long integer(JsonNode object, String field, String path) {
        JsonNode node = present(object, field);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw problem(path + "." + field, "must be an integer");
        }
        return node.asLong();
    }

    static List<String> strings(JsonNode object, String field, String path) {
        JsonNode node = present(object, field);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            throw problem(path + "." + field, "must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isString()) {
                throw problem(path + "." + field + "[" + i + "]", "must be a string");
            }
            values.add(node.get(i).asString());
        }
        return values;
    }

    static IllegalArgumentException problem(String path, String message) {
        return new IllegalArgumentException(path + " " + message);
    }
}
