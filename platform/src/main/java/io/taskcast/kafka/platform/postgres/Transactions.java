package io.taskcast.kafka.platform.postgres;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.TransactionDefinition;
import reactor.core.publisher.Mono;

/** Runs work in one transaction, rolled back on failure so a pooled connection never returns mid-transaction. */
final class Transactions {

    private Transactions() {
    }

    static <T> Mono<T> inTransaction(Connection conn, TransactionDefinition definition, Mono<T> work) {
        return Mono.from(conn.beginTransaction(definition))
                .then(work)
                .flatMap(value -> Mono.from(conn.commitTransaction()).thenReturn(value))
                .switchIfEmpty(Mono.defer(() -> Mono.from(conn.commitTransaction()).then(Mono.empty())))
                .onErrorResume(e -> Mono.from(conn.rollbackTransaction()).onErrorResume(ignored -> Mono.empty())
                        .then(Mono.error(e)));
    }
}
