package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.ingest.commands.CommandBus;
import io.taskcast.kafka.ingest.commands.CommandOutcome;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.platform.redis.SubscriberCounts;
import io.taskcast.kafka.schemas.command.Accepted;
import io.taskcast.kafka.schemas.command.Rejected;
import io.taskcast.kafka.schemas.json.Json;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

/** Task routes: create through the command log, read from the Redis view. */
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
        return Mono.fromCallable(() -> {
            ObjectNode task = Json.mapper().valueToTree(
                    views.findTask(taskId).orElseThrow(() -> ApiException.taskNotFound(taskId)));
            long count = subscribers.count(taskId);
            task.put("subscriberCount", count);
            task.put("hot", count > 0);
            return task;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Maps the processor's answer to HTTP: accepted → {@code successStatus} with the task. */
    static ResponseEntity<Object> respond(CommandOutcome outcome, int successStatus) {
        if (outcome instanceof CommandOutcome.Pending pending) {
            return ResponseEntity.accepted().body(Map.of("commandId", pending.commandId(), "taskId", pending.taskId(),
                    "message", "Command accepted and durable; its effect is not visible yet"));
        }
        var result = ((CommandOutcome.Answered) outcome).result();
        if (result instanceof Rejected rejected) {
            throw new ApiException(rejected.status(), rejected.code(), rejected.message());
        }
        return ResponseEntity.status(successStatus).body(((Accepted) result).task());
    }
}
