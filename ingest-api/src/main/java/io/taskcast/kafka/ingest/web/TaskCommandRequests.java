package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.platform.web.ApiException;
import com.github.f4b6a3.ulid.UlidCreator;
import io.taskcast.kafka.schemas.BlockedRequest;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.TaskError;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.command.EventInput;
import io.taskcast.kafka.schemas.command.PublishEvents;
import io.taskcast.kafka.schemas.command.ResolveTask;
import io.taskcast.kafka.schemas.command.TransitionTask;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

import java.util.ArrayList;
import java.util.List;

/** Reads the bodies of the routes that change an existing task into their commands. */
final class TaskCommandRequests {

    private TaskCommandRequests() {
    }

    static TransitionTask transition(String taskId, byte[] body) {
        JsonNode root = Fields.object(body);
        String status = Fields.requiredText(root, "status");
        TaskStatus to = TaskStatus.fromWire(status).orElseThrow(() -> ApiException.badRequest(
                "status must be one of pending, assigned, running, paused, blocked, completed, failed, timeout, cancelled"));
        return new TransitionTask(commandId(), taskId, to, Fields.object(root, "result"), error(root),
                Fields.optional(root, "reason", n -> n.isString() ? n.asString() : bad("reason must be a string")),
                Fields.positiveInt(root, "ttl", "seconds"), Fields.nonNegativeLong(root, "resumeAfterMs", "milliseconds"),
                blockedRequest(root));
    }

    /** A single event object or an array of them; the caller answers in the same shape as the body. */
    static PublishEvents publish(String taskId, JsonNode root) {
        List<EventInput> events = new ArrayList<>();
        if (root.isArray()) {
            int i = 0;
            for (JsonNode item : root) {
                events.add(event(item, "[" + i++ + "]."));
            }
        } else if (root.isObject()) {
            events.add(event(root, ""));
        } else {
            throw ApiException.badRequest("Request body must be an event object or an array of events");
        }
        return new PublishEvents(commandId(), taskId, events);
    }

    static ResolveTask resolve(String taskId, byte[] body) {
        JsonNode root = Fields.object(body);
        JsonNode data = root.get("data");
        return new ResolveTask(commandId(), taskId, data == null ? NullNode.getInstance() : data);
    }

    private static EventInput event(JsonNode node, String at) {
        if (!node.isObject()) {
            throw ApiException.badRequest(at.isEmpty() ? "event must be an object" : at + " must be an object");
        }
        String type = Fields.optional(node, "type", n -> n.isString() && !n.asString().isEmpty() ? n.asString()
                : bad(at + "type must be a non-empty string"));
        if (type == null) {
            throw ApiException.badRequest(at + "type is required");
        }
        Level level = Fields.optional(node, "level", n -> Fields.enumValue(n, Level::fromWire,
                at + "level must be one of debug, info, warn, error"));
        SeriesMode mode = Fields.optional(node, "seriesMode", n -> Fields.enumValue(n, SeriesMode::fromWire,
                at + "seriesMode must be one of keep-all, accumulate, latest"));
        JsonNode data = node.get("data");
        return new EventInput(type, level, data == null ? NullNode.getInstance() : data,
                Fields.optional(node, "seriesId", n -> n.isString() ? n.asString() : bad(at + "seriesId must be a string")),
                mode,
                Fields.optional(node, "seriesAccField",
                        n -> n.isString() ? n.asString() : bad(at + "seriesAccField must be a string")));
    }

    private static TaskError error(JsonNode root) {
        JsonNode node = Fields.object(root, "error");
        if (node == null) {
            return null;
        }
        String message = Fields.optional(node, "message", n -> n.isString() ? n.asString()
                : bad("error.message must be a string"));
        if (message == null) {
            throw ApiException.badRequest("error.message is required");
        }
        String code = Fields.optional(node, "code", n -> n.isString() ? n.asString() : bad("error.code must be a string"));
        return new TaskError(code, message, node.get("details"));
    }

    private static BlockedRequest blockedRequest(JsonNode root) {
        JsonNode node = Fields.object(root, "blockedRequest");
        if (node == null) {
            return null;
        }
        return new BlockedRequest(Fields.requiredText(node, "type"), node.get("data"));
    }

    private static String commandId() {
        return UlidCreator.getMonotonicUlid().toString();
    }

    private static <T> T bad(String problem) {
        throw ApiException.badRequest(problem);
    }
}
