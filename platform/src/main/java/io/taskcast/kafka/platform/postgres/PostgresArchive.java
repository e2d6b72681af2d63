package io.taskcast.kafka.platform.postgres;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * The Postgres archive: applies the schema with Flyway (plain JDBC, once at start-up) and holds the
 * R2DBC connection pool that reads and writes it.
 */
public final class PostgresArchive implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresArchive.class);

    private static final int POOL_SIZE = 8;

    private final PostgresUrl url;
    private final ConnectionPool pool;

    public PostgresArchive(PostgresUrl url) {
        this.url = url;
        PostgresqlConnectionConfiguration.Builder config = PostgresqlConnectionConfiguration.builder()
                .host(url.host()).port(url.port()).database(url.database()).username(url.user())
                .connectTimeout(Duration.ofSeconds(5));
        if (url.password() != null) {
            config.password(url.password());
        }
        // After a Postgres restart every pooled connection is dead; an acquire validates and drops
        // them one by one, so it must be allowed to retry past all of them.
        this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(new PostgresqlConnectionFactory(config.build()))
                .maxSize(POOL_SIZE).acquireRetry(POOL_SIZE + 1).maxAcquireTime(Duration.ofSeconds(5)).build());
    }

    /** Brings the schema up to date; safe to run from several processes at once (Flyway locks). */
    public void migrate() {
        var result = Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations("classpath:db/migration").load().migrate();
        log.info("Postgres archive at {}: {} migration(s) applied", url, result.migrationsExecuted);
    }

    /** Completes with true when a trivial query succeeds. */
    public Mono<Boolean> ping() {
        return Mono.usingWhen(pool.create(),
                conn -> Mono.from(conn.createStatement("SELECT 1").execute())
                        .flatMap(r -> Mono.from(r.map((row, meta) -> row.get(0)))).map(v -> true),
                conn -> conn.close());
    }

    public ConnectionPool pool() {
        return pool;
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
