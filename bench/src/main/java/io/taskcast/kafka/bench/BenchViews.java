package io.taskcast.kafka.bench;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import io.taskcast.kafka.platform.postgres.PostgresArchive;
import io.taskcast.kafka.platform.redis.RedisKeys;
import io.taskcast.kafka.processor.replay.ReplayTarget;
import reactor.core.publisher.Flux;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The Redis and Postgres the replays write, and how to empty them between runs. A view the bench
 * embedded is its own: FLUSHDB and TRUNCATE. A given one is shared: only the bench's tasks are
 * deleted, found by their id prefix.
 */
final class BenchViews implements AutoCloseable {

    static final String TASKS_TABLE = "taskcast_tasks";
    static final String EVENTS_TABLE = "taskcast_events";
    static final String SERIES_TABLE = "taskcast_series";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final RedisClient redis;
    private final boolean ownRedis;
    private final PostgresArchive postgres;
    private final boolean ownPostgres;

    /** @param redis null when no target includes Redis; @param postgres likewise, already migrated */
    BenchViews(RedisClient redis, boolean ownRedis, PostgresArchive postgres, boolean ownPostgres) {
        this.redis = redis;
        this.ownRedis = ownRedis;
        this.postgres = postgres;
        this.ownPostgres = ownPostgres;
    }

    RedisClient redis() {
        return redis;
    }

    PostgresArchive postgres() {
        return postgres;
    }

    /** Empties the views a replay of {@code target} writes. */
    void reset(ReplayTarget target, BenchWorkload workload) {
        if (target.redis()) {
            if (ownRedis) {
                redis.flushDB();
            } else {
                removeFromRedis(workload);
            }
        }
        if (target.postgres()) {
            if (ownPostgres) {
                update("TRUNCATE " + TASKS_TABLE + ", " + EVENTS_TABLE + ", " + SERIES_TABLE);
            } else {
                removeFromPostgres(workload);
            }
        }
    }

    /** Leaves no bench data in views that are not the bench's own. */
    void removeBenchData(BenchWorkload workload) {
        if (redis != null && !ownRedis) {
            removeFromRedis(workload);
        }
        if (postgres != null && !ownPostgres) {
            removeFromPostgres(workload);
        }
    }

    private void removeFromRedis(BenchWorkload workload) {
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (int task = 0; task < workload.tasks(); task++) {
                String id = workload.taskId(task);
                pipeline.del(RedisKeys.task(id), RedisKeys.events(id), RedisKeys.series(id));
                pipeline.zrem(RedisKeys.taskIndex(), id);
            }
            pipeline.sync();
        }
    }

    private void removeFromPostgres(BenchWorkload workload) {
        String prefix = workload.taskIdPrefix();
        update("DELETE FROM " + EVENTS_TABLE + " WHERE left(task_id, $2) = $1", prefix, prefix.length());
        update("DELETE FROM " + SERIES_TABLE + " WHERE left(task_id, $2) = $1", prefix, prefix.length());
        update("DELETE FROM " + TASKS_TABLE + " WHERE left(id, $2) = $1", prefix, prefix.length());
    }

    /** Rows of a query, each mapped by {@code row}; blocking. */
    <T> List<T> query(String sql, BiFunction<io.r2dbc.spi.Row, io.r2dbc.spi.RowMetadata, T> row, Object... params) {
        return Flux.usingWhen(postgres.pool().create(),
                        conn -> Flux.from(bind(conn, sql, params).execute()).flatMap(result -> result.map(row)),
                        Connection::close)
                .collectList().block(TIMEOUT);
    }

    private void update(String sql, Object... params) {
        Flux.usingWhen(postgres.pool().create(),
                        conn -> Flux.from(bind(conn, sql, params).execute()).flatMap(result -> result.getRowsUpdated()),
                        Connection::close)
                .blockLast(TIMEOUT);
    }

    private static Statement bind(Connection conn, String sql, Object... params) {
        Statement statement = conn.createStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.bind(i, params[i]);
        }
        return statement;
    }

    @Override
    public void close() {
        try {
            if (redis != null) {
                redis.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
