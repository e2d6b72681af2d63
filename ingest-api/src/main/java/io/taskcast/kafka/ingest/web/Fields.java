package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.platform.web.ApiException;
import io.taskcast.kafka.schemas.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.function.Function;

/** Reading request bodies field by field; every problem becomes a 400 naming the field. */
final class Fields {

    private Fields() {
    }

    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("Request body is required");
        }
        try {
            return Json.mapper().readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("Malformed JSON: " + e.getOriginalMessage());
        }
    }

    static JsonNode object(byte[] body) {
        JsonNode root = parse(body);
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object");
        }
        return root;
    }

    /** A present, non-null field, checked with {@code read}; null when absent or null. */
    static <T> T optional(JsonNode root, String field, Function<JsonNode, T> read) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : read.apply(node);
    }

    static String text(JsonNode root, String field) {
        return optional(root, field, node -> {
            if (!node.isString() || node.asString().isEmpty()) {
                throw ApiException.badRequest(field + " must be a non-empty string");
            }
            return node.asString();
        });
    }

    static String requiredText(JsonNode root, String field) {
        String value = text(root, field);
        if (value == null) {
            throw ApiException.badRequest(field + " is required");
        }
        return value;
    }

    static JsonNode object(JsonNode root, String field) {
        return optional(root, field, node -> require(node.isObject(), field + " must be an object", node));
    }

    static JsonNode array(JsonNode root, String field) {
        return optional(root, field, node -> require(node.isArray(), field + " must be an array", node));
    }

    static Integer positiveInt(JsonNode root, String field, String unit) {
        return optional(root, field, node -> {
            if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
                throw ApiException.badRequest(field + " must be a positive integer (" + unit + ")");
            }
            return node.asInt();
        });
    }

    static Long nonNegativeLong(JsonNode root, String field, String unit) {
        return optional(root, field, node -> {
            if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
                throw ApiException.badRequest(field + " must be a non-negative integer (" + unit + ")");
            }
            return node.asLong();
        });
    }

    /** A string naming one value of an enum, read with {@code parse}; anything else is {@code problem}. */
    static <E> E enumValue(JsonNode node, Function<String, java.util.Optional<E>> parse, String problem) {
        if (!node.isString()) {
            throw ApiException.badRequest(problem);
        }
        return parse.apply(node.asString()).orElseThrow(() -> ApiException.badRequest(problem));
    }

    private static JsonNode require(boolean ok, String problem, JsonNode node) {
        if (!ok) {
            throw ApiException.badRequest(problem);
        }
        return node;
    }
}
