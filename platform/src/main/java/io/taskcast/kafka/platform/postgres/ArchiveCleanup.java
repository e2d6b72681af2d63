package io.taskcast.kafka.platform.postgres;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Result;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * Applies due cleanup rules to the archive, with the same selection as the Redis view: the task's
 * rows in every table, or the events the rules select and the series states folded at their
 * indexes. Idempotent: applying a cleanup again finds nothing more to remove.
 */
public final class ArchiveCleanup {

    private static final String EVENTS = "SELECT id, task_id, idx, timestamp, type, level, NULL::text AS data,"
            + " series_id, series_mode, series_acc_field FROM taskcast_events WHERE task_id = $1";
    private static final String DELETE_EVENTS = "DELETE FROM taskcast_events WHERE task_id = $1 AND idx = ANY($2)";
    private static final String DELETE_STATES = "DELETE FROM taskcast_series WHERE task_id = $1 AND idx = ANY($2)";
    private static final List<String> DELETE_TASK = List.of(
            "DELETE FROM taskcast_events WHERE task_id = $1",
            "DELETE FROM taskcast_series WHERE task_id = $1",
            "DELETE FROM taskcast_tasks WHERE id = $1");

    private final PostgresArchive archive;

    public ArchiveCleanup(PostgresArchive archive) {
        this.archive = archive;
    }

    /** Emits the number of events removed (a removed task counts all of its events). */
    public Mono<Long> apply(TaskCleanup cleanup) {
        return Mono.usingWhen(archive.pool().create(), conn -> Transactions.inTransaction(conn,
                IsolationLevel.READ_COMMITTED, cleanup.removesTask() ? removeTask(conn, cleanup.taskId())
                        : removeEvents(conn, cleanup)), Connection::close);
    }

    /** Every statement runs; the count reported is the first one's, the events. */
    private static Mono<Long> removeTask(Connection conn, String taskId) {
        return Flux.fromIterable(DELETE_TASK)
                .concatMap(sql -> Flux.from(conn.createStatement(sql).bind(0, taskId).execute())
                        .flatMap(Result::getRowsUpdated).reduce(0L, Long::sum))
                .collectList()
                .map(counts -> counts.get(0));
    }

    /** The selection reads every column but {@code data}: no rule looks at it, and it may be large. */
    private static Mono<Long> removeEvents(Connection conn, TaskCleanup cleanup) {
        String taskId = cleanup.taskId();
        return Flux.from(conn.createStatement(EVENTS).bind(0, taskId).execute())
                .flatMap(result -> result.map((row, meta) -> ArchiveTables.EVENTS.read(row)))
                .filter(cleanup::removes)
                .map(event -> Math.toIntExact(event.index()))
                .collectList()
                .flatMap(indexes -> indexes.isEmpty() ? Mono.just(0L) : delete(conn, taskId, indexes));
    }

    private static Mono<Long> delete(Connection conn, String taskId, List<Integer> indexes) {
        Integer[] array = indexes.toArray(Integer[]::new);
        return Flux.from(conn.createStatement(DELETE_EVENTS).bind(0, taskId).bind(1, array).execute())
                .flatMap(Result::getRowsUpdated).reduce(0L, Long::sum)
                .flatMap(removed -> Flux.from(conn.createStatement(DELETE_STATES).bind(0, taskId).bind(1, array)
                                .execute())
                        .flatMap(Result::getRowsUpdated).then(Mono.just(removed)));
    }
}
