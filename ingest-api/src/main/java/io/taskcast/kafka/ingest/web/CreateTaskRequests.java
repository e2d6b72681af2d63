package io.taskcast.kafka.ingest.web;

import com.github.f4b6a3.ulid.UlidCreator;
import io.taskcast.kafka.schemas.command.CreateTask;
import io.taskcast.kafka.schemas.command.CommandValidation;
import io.taskcast.kafka.schemas.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code POST /tasks} body into a create command, naming the first field that is wrong.
 * Unknown fields are ignored, as Taskcast does.
 */
final class CreateTaskRequests {

    private CreateTaskRequests() {
    }

    static CreateTask parse(byte[] body) {
        JsonNode root = readObject(body);
        String taskId = root.has("id") ? text(root, "id") : UlidCreator.getMonotonicUlid().toString();
        CommandValidation.taskIdProblem(taskId).ifPresent(p -> {
            throw ApiException.badRequest(p.replace("taskId", "id"));
        });
        return new CreateTask(UlidCreator.getMonotonicUlid().toString(), taskId,
                root.has("type") ? text(root, "type") : null,
                object(root, "params"), object(root, "metadata"), ttl(root),
                object(root, "authConfig"), array(root, "webhooks"), object(root, "cleanup"), tags(root));
    }

    static JsonNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("Request body is required (a JSON object)");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("Malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object");
        }
        return root;
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (!node.isString() || node.asString().isEmpty()) {
            throw ApiException.badRequest(field + " must be a non-empty string");
        }
        return node.asString();
    }

    private static JsonNode object(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest(field + " must be an object");
        }
        return node;
    }

    private static JsonNode array(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw ApiException.badRequest(field + " must be an array");
        }
        return node;
    }

    private static Integer ttl(JsonNode root) {
        JsonNode node = root.get("ttl");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
            throw ApiException.badRequest("ttl must be a positive integer (seconds)");
        }
        return node.asInt();
    }

    private static List<String> tags(JsonNode root) {
        JsonNode node = array(root, "tags");
        if (node == null) {
            return null;
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : node) {
            if (!tag.isString()) {
                throw ApiException.badRequest("tags must be an array of strings");
            }
            tags.add(tag.asString());
        }
        return tags;
    }
}
