package io.taskcast.kafka.ingest.web;

import com.github.f4b6a3.ulid.UlidCreator;
import io.taskcast.kafka.ingest.commands.CommandBus;
import io.taskcast.kafka.platform.TaskReads;
import io.taskcast.kafka.platform.auth.RequestGuard;
import io.taskcast.kafka.platform.auth.Scope;
import io.taskcast.kafka.platform.postgres.ArchiveReads;
import io.taskcast.kafka.platform.web.ApiException;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.command.ReleaseStorage;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code POST /tasks/{taskId}/storage/release} (taskcast-extras.md §7): a finished task leaves hot
 * storage (Redis) and every read is served from the archive. The release is a command in the log,
 * which the processor applies only when the task is as the caller expects and the archive holds it
 * as it is; this route first gives the archiver a moment to catch up with the task.
 */
@RestController
public class StorageController {

    static final String INVALID = "Invalid storage release request";
    private static final Duration ARCHIVE_POLL = Duration.ofMillis(50);

    private final CommandBus commands;
    private final RequestGuard guard;
    private final TaskReads reads;
    private final Duration archiveWait;

    /** @param archiveWait how long to wait at most for the archive to hold the task as Redis does */
    public StorageController(CommandBus commands, RequestGuard guard, TaskReads reads, Duration archiveWait) {
        this.commands = commands;
        this.guard = guard;
        this.reads = reads;
        this.archiveWait = archiveWait;
    }

    /** The answer: {@code storageState} is {@code cold} once Redis no longer holds the task. */
    record StorageRelease(String taskId, String storageState, long archiveWatermark, boolean released) {
    }

    @PostMapping(path = "/tasks/{taskId}/storage/release", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> release(ServerWebExchange exchange, @PathVariable String taskId,
                                                @RequestBody(required = false) byte[] body) {
        return guard.authenticate(exchange)
                .flatMap(auth -> guard.task(auth, Scope.TASK_MANAGE, taskId))
                .flatMap(found -> prepare(taskId, Request.parse(body)))
                .flatMap(prepared -> prepared.answer() != null
                        ? Mono.just(ResponseEntity.ok((Object) prepared.answer()))
                        : commands.submit(prepared.command()).map(outcome -> TaskController.respond(outcome, 200,
                                accepted -> new StorageRelease(taskId, "cold", prepared.command().archivedThrough(),
                                        Boolean.TRUE.equals(accepted.released())))));
    }

    /** Either the answer at once (the task is cold already) or the command to send. */
    private record Prepared(StorageRelease answer, ReleaseStorage command) {
    }

    private Mono<Prepared> prepare(String taskId, Request request) {
        return blocking(() -> {
            if (!reads.hasArchive()) {
                throw new ApiException(409, "storage_precondition_failed", "No archive is configured (postgres.url):"
                        + " a task released from hot storage could not be read");
            }
            return reads.hotTask(taskId);
        }).flatMap(hot -> hot.isEmpty()
                ? blocking(() -> reads.archiveMark(taskId)).map(mark -> new Prepared(new StorageRelease(taskId, "cold",
                        mark.map(ArchiveReads.Mark::lastIndex).orElse(-1L), false), null))
                : awaitArchive(taskId, hot.get(), request.expectedLastEventIndex()).map(mark -> new Prepared(null,
                        new ReleaseStorage(UlidCreator.getMonotonicUlid().toString(), taskId,
                                request.expectedLastEventIndex(), request.inactiveSince(),
                                mark.map(ArchiveReads.Mark::lastIndex).orElse(-1L),
                                mark.map(ArchiveReads.Mark::updatedAt).orElse(null)))));
    }

    /**
     * The archiver writes a moment after the processor: the archive's mark once it holds what Redis
     * holds, read again every {@link #ARCHIVE_POLL}; after {@code archiveWait}, as it is then.
     */
    private Mono<Optional<ArchiveReads.Mark>> awaitArchive(String taskId, Task hot, long expectedLastIndex) {
        Mono<Optional<ArchiveReads.Mark>> read = blocking(() -> reads.archiveMark(taskId));
        return read.filter(mark -> mark.isPresent() && mark.get().updatedAt() >= hot.updatedAt()
                        && mark.get().lastIndex() >= expectedLastIndex)
                .repeatWhenEmpty(attempts -> attempts.delayElements(ARCHIVE_POLL))
                .timeout(archiveWait, read);
    }

    /** Redis and the archive are read with blocking clients, off the event loop. */
    private static <T> Mono<T> blocking(Callable<T> read) {
        return Mono.fromCallable(read).subscribeOn(Schedulers.boundedElastic());
    }

    /** The body: {@code {expectedLastEventIndex: int ≥ -1, inactiveSince: int ≥ 0}}. */
    record Request(long expectedLastEventIndex, long inactiveSince) {

        static Request parse(byte[] body) {
            JsonNode root;
            try {
                root = Fields.object(body);
            } catch (ApiException e) {
                throw ApiException.badRequest(INVALID + ": " + e.getMessage());
            }
            return new Request(integer(root, "expectedLastEventIndex", -1, "an integer ≥ -1"),
                    integer(root, "inactiveSince", 0, "a non-negative integer (ms)"));
        }

        private static long integer(JsonNode root, String field, long min, String what) {
            JsonNode node = root.get(field);
            if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min) {
                throw ApiException.badRequest(INVALID + ": " + field + " must be " + what);
            }
            return node.asLong();
        }
    }
}
