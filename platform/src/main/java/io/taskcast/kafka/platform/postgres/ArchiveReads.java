package io.taskcast.kafka.platform.postgres;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Row;
import io.taskcast.kafka.platform.redis.TaskHistory;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.json.Json;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads of the Postgres archive, returning the same records {@code RedisTaskViews} returns for the
 * same applied data: histories ordered by index without replaced indexes, series states by id.
 */
public final class ArchiveReads {

    private static final String FIND_TASK = ArchiveTables.TASKS.select() + " WHERE id = $1";
    private static final String LIST_TASKS = ArchiveTables.TASKS.select() + " ORDER BY created_at, id";
    private static final String HISTORY = ArchiveTables.EVENTS.select() + " WHERE task_id = $1 ORDER BY idx";
    private static final String HISTORY_FROM = ArchiveTables.EVENTS.select()
            + " WHERE task_id = $1 AND idx >= $2 ORDER BY idx";
    private static final String MARK = "SELECT t.updated_at, (SELECT max(e.idx) FROM taskcast_events e"
            + " WHERE e.task_id = t.id) AS last_idx FROM taskcast_tasks t WHERE t.id = $1";
    private static final String SERIES = "SELECT series_id, event::text AS event FROM taskcast_series WHERE task_id = $1";

    private final PostgresArchive archive;

    public ArchiveReads(PostgresArchive archive) {
        this.archive = archive;
    }

    /** Empty when the archive has no such task. */
    public Mono<Task> findTask(String taskId) {
        return withConnection(conn -> query(conn, FIND_TASK, ArchiveTables.TASKS::read, taskId).next());
    }

    public Mono<List<TaskEvent>> history(String taskId) {
        return withConnection(conn -> query(conn, HISTORY, ArchiveTables.EVENTS::read, taskId).collectList());
    }

    public Mono<List<TaskEvent>> historyFrom(String taskId, long fromIndexInclusive) {
        return withConnection(conn -> query(conn, HISTORY_FROM, ArchiveTables.EVENTS::read, taskId, fromIndexInclusive)
                .collectList());
    }

    public Mono<Map<String, TaskEvent>> seriesStates(String taskId) {
        return withConnection(conn -> states(conn, taskId));
    }

    /** History and series states from one snapshot, as the archiver writes them in one transaction. */
    public Mono<TaskHistory> historyWithSeriesStates(String taskId) {
        return withConnection(conn -> Transactions.inTransaction(conn, IsolationLevel.REPEATABLE_READ,
                query(conn, HISTORY, ArchiveTables.EVENTS::read, taskId).collectList()
                        .zipWhen(events -> states(conn, taskId), TaskHistory::new)));
    }

    /**
     * How far the archive holds the task: its snapshot's {@code updatedAt} and the highest event
     * index it holds (-1 for none). Empty when it has no snapshot of the task.
     */
    public Mono<Mark> mark(String taskId) {
        return withConnection(conn -> query(conn, MARK, row -> {
            Integer last = row.get("last_idx", Integer.class);
            return new Mark(row.get("updated_at", Long.class), last == null ? -1 : last);
        }, taskId).next());
    }

    /** See {@link #mark(String)}. */
    public record Mark(long updatedAt, long lastIndex) {
    }

    /** Every archived task, oldest first. */
    public Mono<List<Task>> listTasks() {
        return withConnection(conn -> query(conn, LIST_TASKS, ArchiveTables.TASKS::read).collectList());
    }

    private static Mono<Map<String, TaskEvent>> states(Connection conn, String taskId) {
        return query(conn, SERIES, row -> Map.entry(row.get("series_id", String.class),
                Json.fromString(row.get("event", String.class), TaskEvent.class)), taskId)
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new)
                .map(Collections::unmodifiableMap);
    }

    private <T> Mono<T> withConnection(Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(archive.pool().create(), work, Connection::close);
    }

    private static <T> Flux<T> query(Connection conn, String sql, Function<Row, T> read, Object... params) {
        var statement = conn.createStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.bind(i, params[i]);
        }
        return Flux.from(statement.execute()).flatMap(result -> result.map((row, meta) -> read.apply(row)));
    }
}
