package io.taskcast.kafka.ingest.web;

import com.github.f4b6a3.ulid.UlidCreator;
import io.taskcast.kafka.ingest.commands.CommandBus;
import io.taskcast.kafka.ingest.commands.WorkerBus;
import io.taskcast.kafka.platform.auth.AuthContext;
import io.taskcast.kafka.platform.auth.RequestGuard;
import io.taskcast.kafka.platform.auth.Scope;
import io.taskcast.kafka.platform.web.ApiException;
import io.taskcast.kafka.schemas.command.CommandValidation;
import io.taskcast.kafka.schemas.command.DeclineTask;
import io.taskcast.kafka.schemas.worker.MatchRule;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * The worker routes (taskcast-extras.md §8, docs/workers.md): a worker's long poll for a task and
 * its decline. Present only with {@code workers.enabled}.
 */
@RestController
public class WorkerController {

    static final String INVALID_DECLINE = "Invalid decline request";
    /** Taskcast's default long-poll timeout. */
    static final long DEFAULT_TIMEOUT_MS = 30_000;
    static final long MAX_TIMEOUT_MS = 300_000;
    private static final String WORKER_ID_CLAIM = "workerId";

    private final WorkerBus workers;
    private final CommandBus commands;
    private final RequestGuard guard;

    public WorkerController(WorkerBus workers, CommandBus commands, RequestGuard guard) {
        this.workers = workers;
        this.commands = commands;
        this.guard = guard;
    }

    /**
     * {@code GET /workers/pull?workerId&weight&capacity&taskTypes&timeout}: 200 with the task
     * assigned to the worker, or 204 when none came within {@code timeout} ms (default 30000). A
     * worker not seen before is registered by its first poll: any task type (or the comma-separated
     * {@code taskTypes}, with the SSE wildcard rule), capacity 10, weight 50, unless given.
     */
    @GetMapping(path = "/workers/pull", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> pull(ServerWebExchange exchange,
                                             @RequestParam(required = false) String workerId,
                                             @RequestParam(required = false) String weight,
                                             @RequestParam(required = false) String capacity,
                                             @RequestParam(required = false) String taskTypes,
                                             @RequestParam(required = false) String timeout) {
        return guard.authenticate(exchange).flatMap(auth -> {
            guard.require(auth, Scope.WORKER_CONNECT);
            String id = QueryParams.nonEmpty("workerId", workerId);
            if (id == null) {
                throw QueryParams.invalid("workerId query param required");
            }
            CommandValidation.workerIdProblem(id).ifPresent(p -> {
                throw QueryParams.invalid(p);
            });
            requireOwnWorker(auth, id);
            Long w = QueryParams.integer("weight", weight);
            if (w != null && (w < 0 || w > Integer.MAX_VALUE)) {
                throw QueryParams.invalid("weight must be a non-negative integer, got '" + weight + "'");
            }
            Integer c = QueryParams.positiveInt("capacity", capacity);
            Long t = QueryParams.integer("timeout", timeout);
            if (t != null && (t < 1 || t > MAX_TIMEOUT_MS)) {
                throw QueryParams.invalid("timeout must be between 1 and " + MAX_TIMEOUT_MS + " ms, got '"
                        + timeout + "'");
            }
            Duration wait = Duration.ofMillis(t == null ? DEFAULT_TIMEOUT_MS : t);
            MatchRule rule = QueryParams.nonEmpty("taskTypes", taskTypes) == null ? null
                    : new MatchRule(Arrays.stream(taskTypes.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                            .toList(), null);
            return workers.pull(id, w == null ? null : w.intValue(), c, rule, wait)
                    .map(task -> task.<ResponseEntity<Object>>map(ResponseEntity::ok)
                            .orElseGet(() -> ResponseEntity.noContent().build()));
        });
    }

    /** {@code POST /workers/tasks/{taskId}/decline} {@code {workerId, blacklist?}} → {@code {ok:true}}. */
    @PostMapping(path = "/workers/tasks/{taskId}/decline", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> decline(ServerWebExchange exchange, @PathVariable String taskId,
                                                @RequestBody(required = false) byte[] body) {
        return guard.authenticate(exchange).flatMap(auth -> {
            guard.require(auth, Scope.WORKER_CONNECT);
            JsonNode root;
            try {
                root = Fields.object(body);
            } catch (ApiException e) {
                throw ApiException.badRequest(INVALID_DECLINE + ": " + e.getMessage());
            }
            JsonNode workerNode = root.get("workerId");
            if (workerNode == null || !workerNode.isString()) {
                throw ApiException.badRequest(INVALID_DECLINE + ": workerId must be a string");
            }
            String workerId = workerNode.asString();
            CommandValidation.workerIdProblem(workerId).ifPresent(p -> {
                throw ApiException.badRequest(INVALID_DECLINE + ": " + p);
            });
            JsonNode blacklist = root.get("blacklist");
            if (blacklist != null && !blacklist.isNull() && !blacklist.isBoolean()) {
                throw ApiException.badRequest(INVALID_DECLINE + ": blacklist must be a boolean");
            }
            requireOwnWorker(auth, workerId);
            DeclineTask command = new DeclineTask(UlidCreator.getMonotonicUlid().toString(), taskId, workerId,
                    blacklist != null && blacklist.asBoolean(false));
            return commands.submit(command)
                    .map(outcome -> TaskController.respond(outcome, 200, accepted -> Map.of("ok", true)));
        });
    }

    /** A token bound to a worker ({@code workerId} claim) speaks for that worker only. */
    private static void requireOwnWorker(AuthContext auth, String workerId) {
        JsonNode claim = auth.claims().get(WORKER_ID_CLAIM);
        if (claim != null && claim.isString() && !claim.asString().equals(workerId)) {
            throw new ApiException(403, "FORBIDDEN", "Forbidden: worker ID mismatch");
        }
    }
}
