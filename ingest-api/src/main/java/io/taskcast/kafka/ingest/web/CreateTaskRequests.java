package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.platform.web.ApiException;
import com.github.f4b6a3.ulid.UlidCreator;
import io.taskcast.kafka.schemas.AssignMode;
import io.taskcast.kafka.schemas.DisconnectPolicy;
import io.taskcast.kafka.schemas.cleanup.CleanupRules;
import io.taskcast.kafka.schemas.command.CommandValidation;
import io.taskcast.kafka.schemas.command.CreateTask;
import io.taskcast.kafka.schemas.webhook.WebhookConfigs;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Reads a {@code POST /tasks} body into a create command. Unknown fields are ignored, as Taskcast does. */
final class CreateTaskRequests {

    private CreateTaskRequests() {
    }

    static CreateTask parse(byte[] body) {
        JsonNode root = Fields.object(body);
        String taskId = root.has("id") ? Fields.requiredText(root, "id") : UlidCreator.getMonotonicUlid().toString();
        CommandValidation.taskIdProblem(taskId).ifPresent(p -> {
            throw ApiException.badRequest(p.replace("taskId", "id"));
        });
        JsonNode cleanup = Fields.object(root, "cleanup");
        CleanupRules.problemOfTask(cleanup).ifPresent(p -> {
            throw ApiException.badRequest(p);
        });
        JsonNode webhooks = Fields.array(root, "webhooks");
        WebhookConfigs.problem(webhooks).ifPresent(p -> {
            throw ApiException.badRequest(p);
        });
        return new CreateTask(UlidCreator.getMonotonicUlid().toString(), taskId, Fields.text(root, "type"),
                Fields.object(root, "params"), Fields.object(root, "metadata"),
                Fields.positiveInt(root, "ttl", "seconds"), Fields.object(root, "authConfig"),
                webhooks, cleanup, tags(root),
                Fields.optional(root, "assignMode", n -> Fields.enumValue(n, AssignMode::fromWire,
                        "assignMode must be one of " + AssignMode.wireNames())),
                Fields.positiveInt(root, "cost", "worker slots"),
                Fields.text(root, "assignedWorker"),
                Fields.optional(root, "disconnectPolicy", n -> Fields.enumValue(n, DisconnectPolicy::fromWire,
                        "disconnectPolicy must be one of " + DisconnectPolicy.wireNames())));
    }

    private static List<String> tags(JsonNode root) {
        JsonNode node = Fields.array(root, "tags");
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
