package io.taskcast.kafka.schemas.command;

import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.cleanup.CleanupRules;
import io.taskcast.kafka.schemas.webhook.WebhookConfigs;
import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rules every command must satisfy whoever wrote it: the REST API checks them to answer 400, the
 * processor checks them again because direct Kafka producers skip the API. Each problem names the
 * field.
 */
public final class CommandValidation {

    /** Longest task id we accept; ids end up in Redis keys, URLs and Postgres. */
    public static final int MAX_ID_LENGTH = 256;

    private CommandValidation() {
    }

    /** The first problem found, or empty when the command is valid. */
    public static Optional<String> problem(Command command) {
        if (isBlank(command.commandId())) {
            return Optional.of("commandId is required");
        }
        Optional<String> id = taskIdProblem(command.taskId());
        if (id.isPresent()) {
            return id;
        }
        if (command instanceof CreateTask c) {
            return createProblem(c);
        }
        if (command instanceof TransitionTask t) {
            return transitionProblem(t);
        }
        if (command instanceof ReleaseStorage r && r.expectedLastEventIndex() < -1) {
            return Optional.of("expectedLastEventIndex must be an integer ≥ -1");
        }
        if (command instanceof ReleaseStorage r && r.inactiveSince() < 0) {
            return Optional.of("inactiveSince must be a non-negative integer (ms)");
        }
        if (command instanceof AssignTask a) {
            return workerIdProblem(a.workerId());
        }
        if (command instanceof DeclineTask d) {
            return workerIdProblem(d.workerId());
        }
        if (command instanceof ImportTask i) {
            Optional<String> archive = importProblem(i.task(), i.events());
            if (archive.isEmpty() && !i.task().id().equals(i.taskId())) {
                return Optional.of("taskId must equal the imported task's id (" + i.task().id() + ")");
            }
            return archive;
        }
        if (command instanceof PublishEvents p && (p.events() == null || p.events().isEmpty())) {
            return Optional.of("events must hold at least one event");
        }
        if (command instanceof PublishEvents p && p.events().stream().anyMatch(e -> e == null)) {
            return Optional.of("events must not contain null");
        }
        if (command instanceof PublishEvents p && p.events().stream().anyMatch(e -> isBlank(e.type()))) {
            return Optional.of("events[].type is required");
        }
        if (command instanceof PublishEvents p && p.events().stream()
                .anyMatch(e -> hasNul(e.type()) || hasNul(e.seriesId()) || hasNul(e.seriesAccField()))) {
            return Optional.of("events[].type, seriesId and seriesAccField must not contain the NUL character");
        }
        return Optional.empty();
    }

    /** Why a worker id cannot be one, or empty when it can: as a task id, non-empty, short, without NUL. */
    public static Optional<String> workerIdProblem(String workerId) {
        if (isBlank(workerId)) {
            return Optional.of("workerId is required");
        }
        if (workerId.length() > MAX_ID_LENGTH || hasNul(workerId)) {
            return Optional.of("workerId must be at most " + MAX_ID_LENGTH + " characters without the NUL character");
        }
        return Optional.empty();
    }

    /**
     * Why a task and its events cannot be imported, or empty when they can: the task needs an id
     * and a status, and the events must be the task's (every {@code taskId} equal to the task's id),
     * numbered 0..n-1 in order, with unique ids and no late-join {@code seriesSnapshot}.
     */
    public static Optional<String> importProblem(Task task, List<TaskEvent> events) {
        if (task == null) {
            return Optional.of("archive.task is required");
        }
        Optional<String> id = taskIdProblem(task.id()).map(p -> "archive.task.id: " + p);
        if (id.isPresent()) {
            return id;
        }
        if (task.status() == null) {
            return Optional.of("archive.task.status is required");
        }
        if (events == null) {
            return Optional.of("archive.events is required");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            TaskEvent e = events.get(i);
            String at = "archive.events[" + i + "]";
            if (e == null) {
                return Optional.of(at + " must be an event object");
            }
            if (e.index() != i) {
                return Optional.of("archive events must be contiguous from index 0: " + at + " has index " + e.index());
            }
            if (e.id() == null || e.id().isBlank()) {
                return Optional.of(at + ".id is required");
            }
            if (!ids.add(e.id())) {
                return Optional.of("archive event ids must be unique: " + at + " repeats id " + e.id());
            }
            if (!task.id().equals(e.taskId())) {
                return Optional.of(at + ".taskId must equal archive.task.id (" + task.id() + "), got " + e.taskId());
            }
            if (e.type() == null || e.type().isBlank()) {
                return Optional.of(at + ".type is required");
            }
            if (e.level() == null) {
                return Optional.of(at + ".level is required");
            }
            if (e.seriesSnapshot() != null) {
                return Optional.of(at + " must not carry seriesSnapshot (archives hold folded events, not snapshots)");
            }
        }
        return Optional.empty();
    }

    public static Optional<String> taskIdProblem(String taskId) {
        if (isBlank(taskId)) {
            return Optional.of("taskId is required");
        }
        if (taskId.length() > MAX_ID_LENGTH) {
            return Optional.of("taskId must be at most " + MAX_ID_LENGTH + " characters");
        }
        if (taskId.chars().anyMatch(ch -> ch < 0x21 || ch == 0x7f || ch == '/')) {
            return Optional.of("taskId must not contain spaces, control characters or '/'");
        }
        return Optional.empty();
    }

    private static Optional<String> transitionProblem(TransitionTask t) {
        if (t.status() == null) {
            return Optional.of("status is required");
        }
        if (hasNul(t.reason())) {
            return Optional.of("reason must not contain the NUL character");
        }
        if (t.ttl() != null && t.ttl() < 1) {
            return Optional.of("ttl must be a positive integer (seconds)");
        }
        if (t.resumeAfterMs() != null && t.resumeAfterMs() < 0) {
            return Optional.of("resumeAfterMs must not be negative");
        }
        return Optional.empty();
    }

    private static Optional<String> createProblem(CreateTask c) {
        if (c.ttl() != null && c.ttl() < 1) {
            return Optional.of("ttl must be a positive integer (seconds)");
        }
        if (c.cost() != null && c.cost() < 1) {
            return Optional.of("cost must be a positive integer");
        }
        if (c.assignedWorker() != null && (c.assignedWorker().isEmpty() || hasNul(c.assignedWorker()))) {
            return Optional.of("assignedWorker must be a non-empty string without the NUL character");
        }
        if (notObject(c.params())) {
            return Optional.of("params must be an object");
        }
        if (notObject(c.metadata())) {
            return Optional.of("metadata must be an object");
        }
        if (c.type() != null && c.type().isEmpty()) {
            return Optional.of("type must not be empty");
        }
        if (hasNul(c.type())) {
            return Optional.of("type must not contain the NUL character");
        }
        Optional<String> webhooks = WebhookConfigs.problem(c.webhooks());
        return webhooks.isPresent() ? webhooks : CleanupRules.problemOfTask(c.cleanup());
    }

    private static boolean notObject(JsonNode node) {
        return node != null && !node.isNull() && !node.isObject();
    }

    /**
     * Plain-text fields become Postgres TEXT columns in the archive, which cannot hold U+0000; one
     * such value would stall the archiver, so it is refused at the door. (JSON values may hold it.)
     */
    private static boolean hasNul(String s) {
        return s != null && s.indexOf('\u0000') >= 0;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
