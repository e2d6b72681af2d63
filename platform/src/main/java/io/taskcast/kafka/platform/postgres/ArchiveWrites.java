package io.taskcast.kafka.platform.postgres;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.json.Json;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Writes task snapshots and event records to the archive, idempotently: writing the same records
 * again, or an older snapshot after a newer one, leaves the archive as it was. So a consumer may
 * redeliver freely (at-least-once delivery, effectively-once content).
 */
public final class ArchiveWrites {

    private static final String UPSERT_TASK = ArchiveTables.TASKS.insert()
            + " ON CONFLICT (id) DO UPDATE SET " + ArchiveTables.TASKS.updateFromExcluded()
            + " WHERE taskcast_tasks.updated_at <= EXCLUDED.updated_at";
    // No conflict target: an existing (task_id, idx) — or the same event id in the task — means this
    // event is already archived; neither may stall the archiver.
    private static final String INSERT_EVENT = ArchiveTables.EVENTS.insert() + " ON CONFLICT DO NOTHING";
    private static final String DELETE_REPLACED = "DELETE FROM taskcast_events WHERE task_id = $1 AND idx = $2";
    private static final String REPLACE_TASK = ArchiveTables.TASKS.insert()
            + " ON CONFLICT (id) DO UPDATE SET " + ArchiveTables.TASKS.updateFromExcluded();
    private static final String DELETE_EVENTS = "DELETE FROM taskcast_events WHERE task_id = $1";
    private static final String DELETE_SERIES = "DELETE FROM taskcast_series WHERE task_id = $1";
    private static final String SET_GENERATION = "INSERT INTO taskcast_imports (task_id, generation) VALUES ($1, $2)"
            + " ON CONFLICT (task_id) DO UPDATE SET generation = EXCLUDED.generation";
    /** One statement: the generation moves up, and only then the task's events and series states go. */
    private static final String START_NEWER_IMPORT = "WITH newer AS (INSERT INTO taskcast_imports (task_id, generation)"
            + " VALUES ($1, $2) ON CONFLICT (task_id) DO UPDATE SET generation = EXCLUDED.generation"
            + " WHERE taskcast_imports.generation < EXCLUDED.generation RETURNING task_id),"
            + " events AS (DELETE FROM taskcast_events WHERE task_id IN (SELECT task_id FROM newer))"
            + " DELETE FROM taskcast_series WHERE task_id IN (SELECT task_id FROM newer)";
    private static final String UPSERT_SERIES = "INSERT INTO taskcast_series (task_id, series_id, idx, event)"
            + " VALUES ($1, $2, $3, $4::json) ON CONFLICT (task_id, series_id) DO UPDATE"
            + " SET idx = EXCLUDED.idx, event = EXCLUDED.event WHERE taskcast_series.idx <= EXCLUDED.idx";

    private final PostgresArchive archive;

    public ArchiveWrites(PostgresArchive archive) {
        this.archive = archive;
    }

    /** Cleanups of the same archive. */
    public ArchiveCleanup cleanups() {
        return new ArchiveCleanup(archive);
    }

    /**
     * Writes one batch in one transaction. {@code tasks} and {@code events} are in log order; events
     * of a latest series remove the row they replace, so the archived history equals Redis's.
     */
    public Mono<Void> write(List<Task> tasks, List<EventRecord> events) {
        return write(tasks, events, Imports.NONE);
    }

    /**
     * As {@link #write(List, List)}, with what imports replace (taskcast-extras.md §6): first every
     * archived event and series state of a task in {@code imports.histories()} goes (the events of
     * the batch are those after its import) and its generation is recorded, and the last snapshot
     * of a task in {@code imports.snapshots()} is written even when its {@code updatedAt} is older
     * than the archived one's. For a reader of the log in order (the archiver), whatever it wrote
     * before an import is older than it.
     */
    public Mono<Void> write(List<Task> tasks, List<EventRecord> events, Imports imports) {
        if (tasks.isEmpty() && events.isEmpty() && imports.histories().isEmpty()) {
            return Mono.empty();
        }
        List<Task> replaced = lastOf(tasks, imports.snapshots());
        List<Task> others = tasks.stream().filter(t -> !imports.snapshots().contains(t.id())).toList();
        return Mono.usingWhen(archive.pool().create(), conn -> Transactions.inTransaction(conn, IsolationLevel.READ_COMMITTED, Flux.concat(
                        run(conn, DELETE_EVENTS, imports.histories().keySet(), (st, id) -> st.bind(0, id)),
                        run(conn, DELETE_SERIES, imports.histories().keySet(), (st, id) -> st.bind(0, id)),
                        run(conn, SET_GENERATION, imports.histories().entrySet(),
                                (st, e) -> st.bind(0, e.getKey()).bind(1, e.getValue())),
                        run(conn, REPLACE_TASK, replaced, ArchiveTables.TASKS::bind),
                        run(conn, UPSERT_TASK, latestTasks(others), ArchiveTables.TASKS::bind),
                        run(conn, INSERT_EVENT, events.stream().map(EventRecord::event).toList(), ArchiveTables.EVENTS::bind),
                        // After the inserts: every replaced index is gone at the end of the batch, even
                        // when a redelivered batch re-inserted it above.
                        run(conn, DELETE_REPLACED, events.stream().filter(r -> r.replacesIndex() != null).toList(),
                                ArchiveWrites::bindReplaced),
                        run(conn, UPSERT_SERIES, latestStates(events), ArchiveWrites::bindSeries)).then()),
                Connection::close);
    }

    /** One statement with a binding per value; nothing is sent for no values. */
    private static <T> Flux<Long> run(Connection conn, String sql, Collection<T> values, BiConsumer<Statement, T> bind) {
        if (values.isEmpty()) {
            return Flux.empty();
        }
        Statement statement = conn.createStatement(sql);
        boolean first = true;
        for (T value : values) {
            if (!first) {
                statement.add();
            }
            bind.accept(statement, value);
            first = false;
        }
        return Flux.from(statement.execute()).flatMap(Result::getRowsUpdated);
    }

    /**
     * A replay's half of an import: drops the task's events and series states only if the archive
     * holds an older import of it (or none), so rows archived after this import stay.
     */
    public Mono<Void> startImport(String taskId, long generation) {
        return Mono.usingWhen(archive.pool().create(), conn -> Flux.from(conn.createStatement(START_NEWER_IMPORT)
                        .bind(0, taskId).bind(1, generation).execute())
                .flatMap(Result::getRowsUpdated).then(), Connection::close);
    }

    /**
     * Imports in a batch: the tasks whose history an import replaced (read on the events topic),
     * with the import's generation, and those with an imported snapshot (read on the tasks topic).
     */
    public record Imports(Map<String, Long> histories, Set<String> snapshots) {

        public static final Imports NONE = new Imports(Map.of(), Set.of());

        public Imports {
            histories = Map.copyOf(histories);
            snapshots = Set.copyOf(snapshots);
        }
    }

    /** The last snapshot in log order of each of {@code ids}: after an import, order decides, not updatedAt. */
    private static List<Task> lastOf(List<Task> tasks, Set<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Task> last = new LinkedHashMap<>();
        tasks.stream().filter(t -> ids.contains(t.id())).forEach(t -> last.put(t.id(), t));
        return List.copyOf(last.values());
    }

    /** Only the newest snapshot of each task in the batch matters; of equal updatedAt, the later in the log. */
    private static Collection<Task> latestTasks(List<Task> tasks) {
        Map<String, Task> latest = new LinkedHashMap<>();
        tasks.forEach(task -> latest.merge(task.id(), task,
                (kept, next) -> next.updatedAt() >= kept.updatedAt() ? next : kept));
        return latest.values();
    }

    private static Collection<TaskEvent> latestStates(List<EventRecord> events) {
        Map<List<String>, TaskEvent> latest = new LinkedHashMap<>();
        events.stream().map(EventRecord::accumulated).filter(state -> state != null)
                .forEach(state -> latest.put(List.of(state.taskId(), state.seriesId()), state));
        return latest.values();
    }

    private static void bindReplaced(Statement statement, EventRecord record) {
        statement.bind(0, record.event().taskId()).bind(1, Math.toIntExact(record.replacesIndex()));
    }

    private static void bindSeries(Statement statement, TaskEvent state) {
        statement.bind(0, state.taskId()).bind(1, state.seriesId()).bind(2, Math.toIntExact(state.index()))
                .bind(3, Json.toString(state));
    }
}
