package io.taskcast.kafka.platform.auth;

import io.taskcast.kafka.platform.web.ApiException;
import io.taskcast.kafka.platform.TaskReads;
import io.taskcast.kafka.schemas.Task;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.function.Function;

/**
 * The checks every route makes, in api.md §5's order: who is asking (401), then — after the route
 * has read its body or query (400) — may they use this scope on this task (403), does the task
 * exist (404), and do the task's own authConfig rules let them (403). One guard for the API's
 * routes and the gateway's streams.
 */
public final class RequestGuard {

    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final TaskAccess access;

    public RequestGuard(Authenticator authenticator, Authorizer authorizer, TaskReads views) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.access = new TaskAccess(authorizer, views);
    }

    public Mono<AuthContext> authenticate(ServerWebExchange exchange) {
        return authenticator.authenticate(exchange.getRequest());
    }

    /** For routes without a task id (create, list). */
    public void require(AuthContext context, Scope scope) {
        authorizer.require(context, scope, null);
    }

    /** Scope and task id only, for a route whose task may not exist yet (an import). */
    public void require(AuthContext context, Scope scope, String taskId) {
        authorizer.require(context, scope, taskId);
    }

    /**
     * For routes that change a task through the processor: scope and task id, then, when tasks'
     * own rules are enforced (mode {@code jwt}), the task is read for them (and a missing one is
     * 404 at once). Otherwise nothing is read: the processor answers 404 for a missing task with
     * the same code and message, and a write saves a view read and a thread hop.
     */
    public Mono<Void> write(AuthContext context, Scope scope, String taskId) {
        if (!authorizer.enforcesTaskRules()) {
            return Mono.fromRunnable(() -> authorizer.require(context, scope, taskId));
        }
        return check(context, scope, taskId, ApiException::taskNotFound).then();
    }

    /**
     * For routes that read one task: scope and task id, then existence, then the task's own rules.
     * A missing task is 404 {@code Task not found}, without the id, as Taskcast's reads say it.
     */
    public Mono<Task> task(AuthContext context, Scope scope, String taskId) {
        return check(context, scope, taskId, id -> ApiException.taskNotFound());
    }

    private Mono<Task> check(AuthContext context, Scope scope, String taskId,
                             Function<String, ApiException> notFound) {
        return Mono.fromCallable(() -> access.require(context, scope, taskId, notFound))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
