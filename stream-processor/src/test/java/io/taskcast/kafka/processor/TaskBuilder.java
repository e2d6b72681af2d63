package io.taskcast.kafka.processor;

import io.taskcast.kafka.schemas.BlockedRequest;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskError;
import io.taskcast.kafka.schemas.TaskStatus;
import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * Spells out expected tasks field by field in tests, so an expectation never comes from the code
 * under test and a test names only the fields it is about.
 */
public final class TaskBuilder {

    private String id;
    private String type;
    private TaskStatus status;
    private JsonNode params;
    private JsonNode result;
    private TaskError error;
    private JsonNode metadata;
    private long createdAt;
    private long updatedAt;
    private Long completedAt;
    private Integer ttl;
    private JsonNode authConfig;
    private JsonNode webhooks;
    private JsonNode cleanup;
    private List<String> tags;
    private String reason;
    private Long resumeAt;
    private BlockedRequest blockedRequest;

    private TaskBuilder() {
    }

    /** A pending task created at {@code createdAt}, with nothing optional set. */
    public static TaskBuilder pending(String id, long createdAt) {
        TaskBuilder b = new TaskBuilder();
        b.id = id;
        b.status = TaskStatus.PENDING;
        b.createdAt = createdAt;
        b.updatedAt = createdAt;
        return b;
    }

    public static TaskBuilder from(Task t) {
        TaskBuilder b = new TaskBuilder();
        b.id = t.id();
        b.type = t.type();
        b.status = t.status();
        b.params = t.params();
        b.result = t.result();
        b.error = t.error();
        b.metadata = t.metadata();
        b.createdAt = t.createdAt();
        b.updatedAt = t.updatedAt();
        b.completedAt = t.completedAt();
        b.ttl = t.ttl();
        b.authConfig = t.authConfig();
        b.webhooks = t.webhooks();
        b.cleanup = t.cleanup();
        b.tags = t.tags();
        b.reason = t.reason();
        b.resumeAt = t.resumeAt();
        b.blockedRequest = t.blockedRequest();
        return b;
    }

    public TaskBuilder type(String value) {
        type = value;
        return this;
    }

    public TaskBuilder status(TaskStatus value) {
        status = value;
        return this;
    }

    public TaskBuilder params(JsonNode value) {
        params = value;
        return this;
    }

    public TaskBuilder result(JsonNode value) {
        result = value;
        return this;
    }

    public TaskBuilder error(TaskError value) {
        error = value;
        return this;
    }

    public TaskBuilder metadata(JsonNode value) {
        metadata = value;
        return this;
    }

    public TaskBuilder updatedAt(long value) {
        updatedAt = value;
        return this;
    }

    public TaskBuilder completedAt(Long value) {
        completedAt = value;
        return this;
    }

    public TaskBuilder ttl(Integer value) {
        ttl = value;
        return this;
    }

    public TaskBuilder authConfig(JsonNode value) {
        authConfig = value;
        return this;
    }

    public TaskBuilder webhooks(JsonNode value) {
        webhooks = value;
        return this;
    }

    public TaskBuilder cleanup(JsonNode value) {
        cleanup = value;
        return this;
    }

    public TaskBuilder tags(List<String> value) {
        tags = value;
        return this;
    }

    public TaskBuilder reason(String value) {
        reason = value;
        return this;
    }

    public TaskBuilder resumeAt(Long value) {
        resumeAt = value;
        return this;
    }

    public TaskBuilder blockedRequest(BlockedRequest value) {
        blockedRequest = value;
        return this;
    }

    public Task build() {
        return new Task(id, type, status, params, result, error, metadata, createdAt, updatedAt, completedAt, ttl,
                authConfig, webhooks, cleanup, tags, reason, resumeAt, blockedRequest);
    }
}
