package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.ingest.commands.CommandBus;
import io.taskcast.kafka.ingest.commands.CommandOutcome;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.platform.redis.SubscriberCounts;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.command.Accepted;
import io.taskcast.kafka.schemas.command.Rejected;
import io.taskcast.kafka.schemas.json.Json;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Task routes: changes go through the command log, reads come from the Redis view. */
@RestController
public class TaskController {

    private final CommandBus commands;
    private final RedisTaskViews views;
    private final SubscriberCounts subscribers;

    public TaskController(CommandBus commands, RedisTaskViews views, SubscriberCounts subscribers) {
        this.commands = commands;
        this.views = views;
        this.subscribers = subscribers;
    }

    @PostMapping(path = "/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> create(@RequestBody(required = false) byte[] body) {
        return Mono.fromCallable(() -> CreateTaskRequests.parse(body))
                .flatMap(commands::submit)
                .map(outcome -> respond(outcome, 201));
    }

    @GetMapping(path = "/tasks/{taskId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ObjectNode> get(@PathVariable String taskId) {
        return findTask(taskId).map(found -> {
            ObjectNode task = Json.mapper().valueToTree(found);
            long count = subscribers.count(taskId);
            task.put("subscriberCount", count);
            task.put("hot", count > 0);
            return task;
        });
    }

    @PatchMapping(path = "/tasks/{taskId}/status", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> transition(@PathVariable String taskId,
                                                   @RequestBody(required = false) byte[] body) {
        return Mono.fromCallable(() -> TaskCommandRequests.transition(taskId, body))
                .flatMap(commands::submit)
                .map(outcome -> respond(outcome, 200));
    }

    @PostMapping(path = "/tasks/{taskId}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> publish(@PathVariable String taskId,
                                                @RequestBody(required = false) byte[] body) {
        return Mono.fromCallable(() -> Fields.parse(body)).<ResponseEntity<Object>>flatMap(root -> {
            if (root.isArray() && root.isEmpty()) {
                return findTask(taskId).map(task -> ResponseEntity.status(201).body((Object) List.of()));
            }
            return Mono.fromCallable(() -> TaskCommandRequests.publish(taskId, root))
                    .flatMap(command -> commands.submit(command))
                    .map(outcome -> respond(outcome, 201, accepted -> root.isArray()
                            ? accepted.events() : accepted.events().get(0)));
        });
    }

    @PostMapping(path = "/tasks/{taskId}/resolve", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> resolve(@PathVariable String taskId,
                                                @RequestBody(required = false) byte[] body) {
        return Mono.fromCallable(() -> TaskCommandRequests.resolve(taskId, body))
                .flatMap(commands::submit)
                .map(outcome -> respond(outcome, 200));
    }

    private Mono<Task> findTask(String taskId) {
        return Mono.fromCallable(() -> views.findTask(taskId).orElseThrow(() -> ApiException.taskNotFound(taskId)))
                .subscribeOn(Schedulers.boundedElastic());
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
