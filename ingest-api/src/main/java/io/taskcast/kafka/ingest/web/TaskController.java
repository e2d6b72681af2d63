package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.platform.auth.RequestGuard;
import io.taskcast.kafka.platform.web.ApiException;
import io.taskcast.kafka.ingest.commands.CommandBus;
import io.taskcast.kafka.ingest.commands.CommandOutcome;
import io.taskcast.kafka.platform.auth.Scope;
import io.taskcast.kafka.platform.redis.SubscriberCounts;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.ImportTask;
import io.taskcast.kafka.schemas.command.CreateTask;
import io.taskcast.kafka.schemas.command.Accepted;
import io.taskcast.kafka.schemas.command.Rejected;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Task routes: changes go through the command log, reads come from the Redis view. */
@RestController
public class TaskController {

    private final CommandBus commands;
    private final RequestGuard guard;
    private final SubscriberCounts subscribers;

    public TaskController(CommandBus commands, RequestGuard guard, SubscriberCounts subscribers) {
        this.commands = commands;
        this.guard = guard;
        this.subscribers = subscribers;
    }

    @PostMapping(path = "/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> create(ServerWebExchange exchange, @RequestBody(required = false) byte[] body) {
        return guard.authenticate(exchange).flatMap(auth -> {
            CreateTask command = CreateTaskRequests.parse(body);
            guard.require(auth, Scope.TASK_CREATE);
            if (command.webhooks() != null) {
                guard.require(auth, Scope.WEBHOOK_CREATE);
            }
            return commands.submit(command);
        }).map(outcome -> respond(outcome, 201));
    }

    /**
     * Imports a Taskcast archive as a task (taskcast-extras.md §6), through the log like every
     * write: 200 {@code {ok, taskId, eventCount, overwritten}}; 409 when the id is taken and
     * {@code overwrite} is not true.
     */
    @PostMapping(path = "/tasks/import", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> importArchive(ServerWebExchange exchange,
                                                      @RequestBody(required = false) byte[] body) {
        return guard.authenticate(exchange).flatMap(auth -> {
            ImportTask command = ArchiveImports.parse(body);
            guard.require(auth, Scope.TASK_MANAGE, command.taskId());
            return commands.submit(command);
        }).map(outcome -> respond(outcome, 200, accepted -> new ApiSchemas.ImportResult(true, accepted.task().id(),
                accepted.events().size(), Boolean.TRUE.equals(accepted.overwritten()))));
    }

    @GetMapping(path = "/tasks/{taskId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ObjectNode> get(ServerWebExchange exchange, @PathVariable String taskId) {
        return guard.authenticate(exchange)
                .flatMap(auth -> guard.task(auth, Scope.EVENT_SUBSCRIBE, taskId))
                .publishOn(Schedulers.boundedElastic())
                .map(found -> TaskBodies.withSubscribers(found, subscribers));
    }

    @PatchMapping(path = "/tasks/{taskId}/status", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> transition(ServerWebExchange exchange, @PathVariable String taskId,
                                                   @RequestBody(required = false) byte[] body) {
        return guard.authenticate(exchange).flatMap(auth -> {
            Command command = TaskCommandRequests.transition(taskId, body);
            return guard.write(auth, Scope.TASK_MANAGE, taskId).then(commands.submit(command));
        }).map(outcome -> respond(outcome, 200));
    }

    @PostMapping(path = "/tasks/{taskId}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> publish(ServerWebExchange exchange, @PathVariable String taskId,
                                                @RequestBody(required = false) byte[] body) {
        return guard.authenticate(exchange).flatMap(auth -> {
            JsonNode root = Fields.parse(body);
            if (root.isArray() && root.isEmpty()) {
                return guard.task(auth, Scope.EVENT_PUBLISH, taskId)
                        .map(task -> ResponseEntity.status(201).body((Object) List.of()));
            }
            Command command = TaskCommandRequests.publish(taskId, root);
            return guard.write(auth, Scope.EVENT_PUBLISH, taskId).then(commands.submit(command))
                    .map(outcome -> respond(outcome, 201, accepted -> root.isArray()
                            ? accepted.events() : accepted.events().get(0)));
        });
    }

    @PostMapping(path = "/tasks/{taskId}/resolve", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> resolve(ServerWebExchange exchange, @PathVariable String taskId,
                                                @RequestBody(required = false) byte[] body) {
        return guard.authenticate(exchange).flatMap(auth -> {
            Command command = TaskCommandRequests.resolve(taskId, body);
            return guard.write(auth, Scope.TASK_RESOLVE, taskId).then(commands.submit(command));
        }).map(outcome -> respond(outcome, 200));
    }

    /** Maps the processor's answer to HTTP: accepted → {@code successStatus} with the task. */
    static ResponseEntity<Object> respond(CommandOutcome outcome, int successStatus) {
        return respond(outcome, successStatus, Accepted::task);
    }

    static ResponseEntity<Object> respond(CommandOutcome outcome, int successStatus, Function<Accepted, Object> body) {
        if (outcome instanceof CommandOutcome.Pending pending) {
            return ResponseEntity.accepted().body(Map.of("commandId", pending.commandId(), "taskId", pending.taskId(),
                    "message", "Command accepted and durable; its effect is not visible yet"));
        }
        var result = ((CommandOutcome.Answered) outcome).result();
        if (result instanceof Rejected rejected) {
            throw new ApiException(rejected.status(), rejected.code(), rejected.message());
        }
        return ResponseEntity.status(successStatus).body(body.apply((Accepted) result));
    }
}
