package io.taskcast.kafka.schemas;

import io.taskcast.kafka.schemas.command.Accepted;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CommandResult;
import io.taskcast.kafka.schemas.command.CreateTask;
import io.taskcast.kafka.schemas.command.EventInput;
import io.taskcast.kafka.schemas.command.PublishEvents;
import io.taskcast.kafka.schemas.command.Rejected;
import io.taskcast.kafka.schemas.command.ResolveTask;
import io.taskcast.kafka.schemas.command.TransitionTask;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.webhook.RetryPolicy;
import io.taskcast.kafka.schemas.webhook.WebhookConfig;
import io.taskcast.kafka.schemas.webhook.WebhookConfigs;
import io.taskcast.kafka.schemas.webhook.WebhookDelivery;
import org.junit.jupiter.api.Named;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

import java.util.List;
import java.util.stream.Stream;

/** Realistic records of every kind the system writes, shared by the JSON and JSON Schema tests. */
final class Samples {

    static final String TASK_ID = "01JZ8Q3V5M7W9X1Y2Z3A4B5C6D";
    static final long NOW = 1_767_225_600_000L;

    private Samples() {
    }

    static JsonNode json(String text) {
        return Json.mapper().readTree(text);
    }

    static CreateTask createWithEveryField() {
        return new CreateTask("cmd-create-full", TASK_ID, "llm.chat",
                json("{\"prompt\":\"Summarise the report\",\"model\":\"gpt-4o\",\"maxTokens\":512}"),
                json("{\"tenant\":\"acme\",\"requestedBy\":\"user-1\"}"),
                3600,
                json("{\"rules\":[{\"match\":{\"scope\":[\"event:subscribe\"]},\"require\":{\"sub\":[\"user-1\"]}}]}"),
                json("[{\"url\":\"https://hooks.example.com/taskcast\",\"secret\":\"whsec_c2VjcmV0\","
                        + "\"filter\":{\"types\":[\"llm.*\"],\"includeStatus\":true},"
                        + "\"retry\":{\"retries\":5,\"backoff\":\"linear\"}}]"),
                json("{\"rules\":[{\"trigger\":{\"afterMs\":60000},\"target\":\"events\"}]}"),
                List.of("llm", "batch"));
    }

    static CreateTask createWithRequiredOnly() {
        return new CreateTask("cmd-create-min", "task-2", null, null, null, null, null, null, null, null);
    }

    static TransitionTask transitionWithEveryField() {
        return new TransitionTask("cmd-transition-full", TASK_ID, TaskStatus.BLOCKED,
                json("{\"draft\":\"Quarterly revenue grew 12%\"}"),
                new TaskError("TOOL_TIMEOUT", "The search tool did not answer", json("{\"tool\":\"search\",\"afterMs\":30000}")),
                "Waiting for a human to approve the draft",
                600,
                30_000L,
                new BlockedRequest("approval", json("{\"question\":\"Publish this summary?\",\"options\":[\"yes\",\"no\"]}")));
    }

    static TransitionTask transitionWithRequiredOnly() {
        return new TransitionTask("cmd-transition-min", TASK_ID, TaskStatus.RUNNING, null, null, null, null, null, null);
    }

    static PublishEvents publishWithEveryField() {
        return new PublishEvents("cmd-publish-full", TASK_ID, List.of(
                new EventInput("llm.delta", Level.DEBUG, json("{\"text\":\"Quarterly \"}"), "answer",
                        SeriesMode.ACCUMULATE, "text"),
                new EventInput("llm.progress", Level.WARN, json("{\"percent\":40}"), "progress",
                        SeriesMode.LATEST, null),
                new EventInput("llm.heartbeat", Level.INFO, NullNode.getInstance(), null, null, null)));
    }

    static PublishEvents publishWithRequiredOnly() {
        return new PublishEvents("cmd-publish-min", TASK_ID, List.of(
                new EventInput("log", null, StringNode.valueOf("started"), null, null, null)));
    }

    static ResolveTask resolveWithData() {
        return new ResolveTask("cmd-resolve-full", TASK_ID, json("{\"approved\":true,\"comment\":\"Ship it\"}"));
    }

    /** JSON null data is NullNode, as a reader of the topic gets it (a Java null reads back as NullNode). */
    static ResolveTask resolveWithNullData() {
        return new ResolveTask("cmd-resolve-min", TASK_ID, NullNode.getInstance());
    }

    static Stream<Named<Command>> commands() {
        return Stream.of(
                Named.of("create with every field", createWithEveryField()),
                Named.of("create with required fields only", createWithRequiredOnly()),
                Named.of("transition with every field", transitionWithEveryField()),
                Named.of("transition with required fields only", transitionWithRequiredOnly()),
                Named.of("publish with every field", publishWithEveryField()),
                Named.of("publish with required fields only", publishWithRequiredOnly()),
                Named.of("resolve with object data", resolveWithData()),
                Named.of("resolve with null data", resolveWithNullData()),
                Named.of("ttl timer", new io.taskcast.kafka.schemas.command.FireTimer("timer:ttl:1:t", "t",
                        TimerKind.TTL, 1_795_000_000_000L)),
                Named.of("resume timer", new io.taskcast.kafka.schemas.command.FireTimer("timer:resume:1:t", "t",
                        TimerKind.RESUME, 1_795_000_000_000L)));
    }

    static Stream<Named<EventRecord>> eventRecords() {
        return Stream.of(
                Named.of("plain", EventRecord.plain(plainEvent())),
                Named.of("accumulate with its running value", new EventRecord(plainEvent(), plainEvent(), null)),
                Named.of("latest replacing index 3", new EventRecord(plainEvent(), null, 3L)));
    }

    static TaskEvent plainEvent() {
        return new TaskEvent("01JZ8Q4A0000000000000000E1", TASK_ID, 0, NOW + 10, "llm.start", Level.INFO,
                json("{\"model\":\"gpt-4o\"}"), null, null, null, null);
    }

    static TaskEvent seriesEvent() {
        return new TaskEvent("01JZ8Q4A0000000000000000E2", TASK_ID, 1, NOW + 20, "llm.delta", Level.DEBUG,
                json("{\"text\":\"Quarterly \"}"), "answer", SeriesMode.ACCUMULATE, "text", null);
    }

    static TaskEvent snapshotEvent() {
        return new TaskEvent("01JZ8Q4A0000000000000000E4", TASK_ID, 3, NOW + 40, "llm.delta", Level.DEBUG,
                json("{\"text\":\"Quarterly revenue grew\"}"), "answer", SeriesMode.ACCUMULATE, null, true);
    }

    static TaskEvent nullDataEvent() {
        return new TaskEvent("01JZ8Q4A0000000000000000E5", TASK_ID, 4, NOW + 50, "llm.heartbeat", Level.INFO,
                null, null, null, null, null);
    }

    static TaskEvent statusEvent() {
        return new TaskEvent("01JZ8Q4A0000000000000000E6", TASK_ID, 5, NOW + 60, TaskEvent.STATUS_TYPE, Level.INFO,
                json("{\"status\":\"completed\",\"result\":{\"summary\":\"Revenue grew 12%\"}}"),
                null, null, null, null);
    }

    static Stream<Named<WebhookDelivery>> deliveries() {
        TaskEvent event = events().findFirst().orElseThrow().getPayload();
        WebhookConfig minimal = WebhookConfigs.parse(json("{\"url\":\"https://hooks.example.com/a\"}"), "w",
                RetryPolicy.DEFAULTS);
        WebhookConfig full = WebhookConfigs.parse(json("{\"url\":\"https://hooks.example.com/b?x=1\","
                + "\"secret\":\"whsec_c2VjcmV0\",\"wrap\":false,\"filter\":{\"types\":[\"llm.*\"],"
                + "\"levels\":[\"info\"],\"includeStatus\":false},\"retry\":{\"retries\":5,\"backoff\":\"linear\"}}"),
                "w", RetryPolicy.DEFAULTS);
        return Stream.of(
                Named.of("first attempt, defaults", WebhookDelivery.first("t0", minimal, event, 0)),
                Named.of("retry of a global webhook", WebhookDelivery.first("g2", full, event, 7).retryAt(NOW + 2000)));
    }

    static Stream<Named<TaskEvent>> events() {
        return Stream.of(
                Named.of("plain event", plainEvent()),
                Named.of("accumulate series event", seriesEvent()),
                Named.of("late-join snapshot", snapshotEvent()),
                Named.of("event with null data", nullDataEvent()),
                Named.of("status event", statusEvent()));
    }

    static Task pendingTask() {
        return Task.created("task-2", null, null, null, null, null, null, null, null, NOW);
    }

    static Task runningTask() {
        CreateTask c = createWithEveryField();
        Task created = Task.created(c.taskId(), c.type(), c.params(), c.metadata(), c.ttl(), c.authConfig(),
                c.webhooks(), c.cleanup(), c.tags(), NOW);
        return new Task(created.id(), created.type(), TaskStatus.RUNNING, created.params(), null, null,
                created.metadata(), NOW, NOW + 5, null, created.ttl(), created.authConfig(), created.webhooks(),
                created.cleanup(), created.tags(), null, null, null);
    }

    static Task blockedTask() {
        TransitionTask t = transitionWithEveryField();
        return new Task(TASK_ID, "llm.chat", TaskStatus.BLOCKED, null, null, null, null, NOW, NOW + 70, null, 600,
                null, null, null, List.of(), t.reason(), NOW + 70 + t.resumeAfterMs(), t.blockedRequest());
    }

    static Task failedTask() {
        return new Task(TASK_ID, "llm.chat", TaskStatus.FAILED, json("{\"prompt\":\"Summarise\"}"), null,
                new TaskError(null, "Model quota exhausted", null), null, NOW, NOW + 90, NOW + 90, null,
                null, null, null, null, null, null, null);
    }

    static Task completedTask() {
        return new Task(TASK_ID, "llm.chat", TaskStatus.COMPLETED, null, json("{\"summary\":\"Revenue grew 12%\"}"),
                new TaskError("RETRIED", "First attempt failed", json("[\"attempt 1\"]")), null, NOW, NOW + 100,
                NOW + 100, 3600, null, null, null, null, null, null, null);
    }

    static Stream<Named<Task>> tasks() {
        return Stream.of(
                Named.of("pending task with required fields only", pendingTask()),
                Named.of("running task with every create field", runningTask()),
                Named.of("blocked task with reason, resumeAt and request", blockedTask()),
                Named.of("failed task with error", failedTask()),
                Named.of("completed task with result", completedTask()));
    }

    static Stream<Named<CommandResult>> commandResults() {
        return Stream.of(
                Named.of("accepted create, no events", new Accepted("cmd-create-min", pendingTask(), List.of())),
                Named.of("accepted publish with events", new Accepted("cmd-publish-full", runningTask(),
                        List.of(plainEvent(), seriesEvent(), nullDataEvent()))),
                Named.of("accepted transition", new Accepted("cmd-transition-full", completedTask(),
                        List.of(statusEvent()))),
                Named.of("rejected: not found", Rejected.notFound("cmd-transition-min", "nope")),
                Named.of("rejected: invalid transition", new Rejected("cmd-transition-min", 409,
                        "INVALID_TRANSITION", "Invalid transition: completed → running")));
    }

    static Stream<Named<SseEnvelope>> envelopes() {
        return Stream.of(
                Named.of("wrapped plain event", SseEnvelope.wrap(plainEvent(), 0)),
                Named.of("wrapped snapshot", SseEnvelope.wrap(snapshotEvent(), 1)),
                Named.of("wrapped event with null data", SseEnvelope.wrap(nullDataEvent(), 2)));
    }
}
