package io.taskcast.kafka.ingest.web;

import io.taskcast.kafka.platform.auth.RequestGuard;
import io.taskcast.kafka.platform.web.ApiException;
import io.taskcast.kafka.platform.TaskReads;
import io.taskcast.kafka.platform.auth.Scope;
import io.taskcast.kafka.platform.redis.SubscriberCounts;
import io.taskcast.kafka.platform.redis.TaskHistory;
import io.taskcast.kafka.schemas.BlockedRequest;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.archive.TaskArchive;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Read routes over Redis, then the archive: task list, event history, blocked request. Query parameters are
 * checked before the task is looked up (400 before 404, api.md §5).
 */
@RestController
public class TaskQueryController {

    private final TaskReads views;
    private final SubscriberCounts subscribers;
    private final RequestGuard guard;
    private final Clock clock;

    public TaskQueryController(TaskReads views, SubscriberCounts subscribers, RequestGuard guard) {
        this(views, subscribers, guard, Clock.systemUTC());
    }

    /** @param clock stamps an archive's {@code exportedAt} */
    public TaskQueryController(TaskReads views, SubscriberCounts subscribers, RequestGuard guard, Clock clock) {
        this.views = views;
        this.subscribers = subscribers;
        this.guard = guard;
        this.clock = clock;
    }

    /** Lists only the tasks the caller may see. */
    @GetMapping(path = "/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, List<ObjectNode>>> list(ServerWebExchange exchange,
                                                    @RequestParam(required = false) String status,
                                                    @RequestParam(required = false) String type) {
        return guard.authenticate(exchange).flatMap(auth -> blocking(() -> {
            TaskListQuery query = TaskListQuery.parse(status, type);
            guard.require(auth, Scope.EVENT_SUBSCRIBE);
            List<ObjectNode> tasks = views.listTasks().stream().filter(query::matches)
                    .filter(task -> auth.taskIds().contains(task.id()))
                    .map(task -> TaskBodies.withSubscribers(task, subscribers)).toList();
            return Map.of("tasks", tasks);
        }));
    }

    @GetMapping(path = "/tasks/{taskId}/events/history", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<TaskEvent>> history(ServerWebExchange exchange, @PathVariable String taskId,
                                         @RequestParam(name = "since.id", required = false) String sinceId,
                                         @RequestParam(name = "since.index", required = false) String sinceIndex,
                                         @RequestParam(name = "since.timestamp", required = false) String sinceTimestamp,
                                         @RequestParam(required = false) String limit,
                                         @RequestParam(required = false) String seriesFormat,
                                         @RequestParam(required = false) String types,
                                         @RequestParam(required = false) String levels) {
        return guard.authenticate(exchange).flatMap(auth -> {
            HistoryQuery query = HistoryQuery.parse(sinceId, sinceIndex, sinceTimestamp, limit, seriesFormat, types,
                    levels);
            return guard.task(auth, Scope.EVENT_HISTORY, taskId).map(task -> query);
        }).publishOn(Schedulers.boundedElastic()).map(query -> {
            TaskHistory history = query.collapses() ? views.historyWithSeriesStates(taskId)
                    : new TaskHistory(views.historyFrom(taskId, query.cursor().readFromIndex()), Map.of());
            return query.select(history);
        });
    }

    @GetMapping(path = "/tasks/{taskId}/request", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<BlockedRequest> blockedRequest(ServerWebExchange exchange, @PathVariable String taskId) {
        return guard.authenticate(exchange).flatMap(auth -> guard.task(auth, Scope.TASK_RESOLVE, taskId)).map(task -> {
            BlockedRequest request = task.blockedRequest();
            if (request == null) {
                throw new ApiException(404, "NO_BLOCKED_REQUEST", "No blocked request");
            }
            return request;
        });
    }

    /** Jedis blocks, so every read runs off the event loop. */
    /**
     * The task and its compacted history as a Taskcast archive (taskcast-extras.md §6), from Redis or,
     * for a task Redis let go, from the archive.
     */
    @GetMapping(path = "/tasks/{taskId}/archive", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<TaskArchive> archive(ServerWebExchange exchange, @PathVariable String taskId) {
        return guard.authenticate(exchange).flatMap(auth -> guard.task(auth, Scope.EVENT_HISTORY, taskId))
                .publishOn(Schedulers.boundedElastic()).map(task -> {
                    TaskHistory history = views.historyWithSeriesStates(taskId);
                    return TaskArchive.export(task, history.events(), history.seriesStates(), clock.millis());
                });
    }

    private static <T> Mono<T> blocking(Callable<T> read) {
        return Mono.fromCallable(read).subscribeOn(Schedulers.boundedElastic());
    }
}
