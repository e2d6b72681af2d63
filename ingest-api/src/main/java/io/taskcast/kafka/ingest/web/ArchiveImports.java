package io.taskcast.kafka.ingest.web;

import com.github.f4b6a3.ulid.UlidCreator;
import io.taskcast.kafka.platform.web.ApiException;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.archive.TaskArchive;
import io.taskcast.kafka.schemas.command.CommandValidation;
import io.taskcast.kafka.schemas.command.ImportTask;
import io.taskcast.kafka.schemas.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code POST /tasks/import}: {@code {archive, overwrite?}} (taskcast-extras.md §6). Every
 * reason an archive cannot be imported is a 400 {@code Invalid archive: <reason>}.
 */
final class ArchiveImports {

    private ArchiveImports() {
    }

    static ImportTask parse(byte[] body) {
        JsonNode root = Fields.object(body);
        JsonNode archive = Fields.object(root, "archive");
        if (archive == null) {
            throw ApiException.badRequest("archive is required");
        }
        Boolean overwrite = Fields.optional(root, "overwrite", node -> {
            if (!node.isBoolean()) {
                throw ApiException.badRequest("overwrite must be a boolean");
            }
            return node.asBoolean();
        });
        if (!TaskArchive.SCHEMA.equals(archive.path("schema").asString(null))) {
            throw invalid("archive.schema must be \"" + TaskArchive.SCHEMA + "\"");
        }
        JsonNode version = archive.get("version");
        if (version == null || !version.isIntegralNumber() || version.asLong() != TaskArchive.VERSION) {
            throw invalid("archive.version must be " + TaskArchive.VERSION);
        }
        JsonNode taskNode = archive.get("task");
        if (taskNode == null || !taskNode.isObject()) {
            throw invalid("archive.task must be an object");
        }
        JsonNode eventNodes = archive.get("events");
        if (eventNodes == null || !eventNodes.isArray()) {
            throw invalid("archive.events must be an array");
        }
        Task task = read(taskNode, Task.class, "archive.task");
        List<TaskEvent> events = new ArrayList<>(eventNodes.size());
        for (int i = 0; i < eventNodes.size(); i++) {
            JsonNode node = eventNodes.get(i);
            String at = "archive.events[" + i + "]";
            if (node == null || !node.isObject()) {
                throw invalid(at + " must be an event object");
            }
            for (String internal : List.of("seriesSnapshot", "_accumulatedData")) {
                if (node.has(internal)) {
                    throw invalid(at + " must not carry " + internal + " (archives hold folded events, not snapshots)");
                }
            }
            events.add(read(node, TaskEvent.class, at));
        }
        CommandValidation.importProblem(task, events).ifPresent(problem -> {
            throw invalid(problem);
        });
        return new ImportTask(UlidCreator.getMonotonicUlid().toString(), task.id(), task, events,
                Boolean.TRUE.equals(overwrite));
    }

    private static <T> T read(JsonNode node, Class<T> type, String at) {
        try {
            return Json.mapper().treeToValue(node, type);
        } catch (JacksonException e) {
            throw invalid(at + " is not readable: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw invalid(at + " is not readable: " + e.getMessage());
        }
    }

    private static ApiException invalid(String reason) {
        return ApiException.badRequest("Invalid archive: " + reason);
    }
}
