package io.taskcast.kafka.platform.health;

import io.taskcast.kafka.platform.postgres.PostgresArchive;
import org.apache.kafka.clients.admin.Admin;
import io.taskcast.kafka.platform.redis.RedisUnavailableException;
import io.taskcast.kafka.platform.redis.ViewMarker;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.concurrent.Callable;

/** The probes of our three dependencies. Each answers within {@link #TIMEOUT}. */
public final class DependencyChecks {

    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private DependencyChecks() {
    }

    /**
     * Asynchronous, and timed out by the admin client before {@link #TIMEOUT} cuts it off: a blocking
     * probe would be interrupted, and a late failure dropped, each logging an error on every probe
     * while Kafka is down.
     */
    public static DependencyCheck kafka(Admin admin) {
        int timeoutMs = (int) TIMEOUT.toMillis() * 3 / 4;
        return of("kafka", Mono.defer(() -> Mono.fromCompletionStage(admin.describeCluster(
                        new DescribeClusterOptions().timeoutMs(timeoutMs)).nodes().toCompletionStage()))
                .map(nodes -> nodes.size() + " broker(s)"));
    }

    /** Down also when Redis answers but lost the view (restarted empty or flushed) until it is rebuilt. */
    public static DependencyCheck redis(UnifiedJedis redis, ViewMarker marker) {
        return blocking("redis", () -> {
            String pong = redis.ping();
            if (!marker.present()) {
                throw RedisUnavailableException.viewLost(marker.key());
            }
            return pong + ", view present";
        });
    }

    public static DependencyCheck postgres(PostgresArchive archive) {
        return of("postgres", archive.ping().map(ok -> "select 1 ok"));
    }

    private static DependencyCheck blocking(String name, Callable<String> probe) {
        return of(name, Mono.fromCallable(probe).subscribeOn(Schedulers.boundedElastic()));
    }

    private static DependencyCheck of(String name, Mono<String> probe) {
        // The failure is turned into a status before the timeout, so a probe that fails only after
        // it (a stalled Redis's read timeout) has no error left to report.
        return DependencyCheck.of(name, () -> probe.map(detail -> new DependencyStatus(name, true, detail))
                .onErrorResume(e -> Mono.just(new DependencyStatus(name, false, describe(e))))
                .timeout(TIMEOUT, Mono.fromSupplier(() -> new DependencyStatus(name, false,
                        "no answer within " + TIMEOUT.toSeconds() + " s"))));
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
