package io.taskcast.kafka.platform.kafka;

import io.taskcast.kafka.platform.health.DependencyCheck;
import io.taskcast.kafka.platform.health.DependencyStatus;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.hooks.UnhandledError;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.ExponentialBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The thread of one long-lived Kafka reader: it polls, hands each batch to its {@link Body}, and
 * owns everything around that — the thread, the wake-up and join on stop, and failures. Any failure
 * of a poll or of the body is logged, told to the hooks, and retried with exponential backoff (the
 * consumer is kept, so its position and assignment stay); the loop is never left dead while the
 * process runs. A fatal failure (an {@link Error}, or a Kafka error that no retry can cure: refused
 * credentials or authorization, a broker too old, an invalid or fenced group member) ends the
 * process loudly through {@link FatalFailure}, so that its supervisor restarts it.
 *
 * <p>As a {@link DependencyCheck} the loop is ready while its thread runs and its last attempt
 * succeeded; it is down from a failure until a poll succeeds again, and down for good once it has
 * ended on a fatal failure.
 */
public final class ConsumerLoop<K, V> implements SmartLifecycle, DependencyCheck {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final Duration JOIN = Duration.ofSeconds(30);

    /** What a reader does with its consumer; everything runs on the loop's thread except {@link #open}. */
    public interface Body<K, V> {

        /** Subscribes or assigns; called by {@link ConsumerLoop#start()} on the starting thread, before the loop runs. */
        void open(Consumer<K, V> consumer);

        /** Polls; a reader that skips what it cannot read (rather than fail) catches it here. */
        default ConsumerRecords<K, V> poll(Consumer<K, V> consumer, Duration timeout) {
            return consumer.poll(timeout);
        }

        /** One poll's records (possibly none): handle them and commit what is done. */
        void handle(Consumer<K, V> consumer, ConsumerRecords<K, V> records);

        /** After a failed attempt, before the backoff: e.g. rewind to what was not done. Must not throw. */
        default void failed(Consumer<K, V> consumer, RuntimeException failure) {
        }

        /** On the loop's thread as it ends, before the consumer is closed. */
        default void closing(Consumer<K, V> consumer) {
        }
    }

    private final String name;
    private final String role;
    private final Supplier<Consumer<K, V>> consumers;
    private final Duration pollTimeout;
    private final Body<K, V> body;
    private final Settings settings;
    private final HookDispatcher hooks;
    private volatile Consumer<K, V> consumer;
    private volatile Thread thread;
    private volatile CountDownLatch stopping = new CountDownLatch(0);
    private volatile Health health = Health.NOT_STARTED;

    /**
     * @param name     names the thread ({@code taskcast-<name>}), the readiness entry and the log lines
     * @param role     the role it serves, for the hooks ({@code processor}, {@code gateway}, {@code webhooks}, ...)
     * @param settings backoff, the exit taken on a fatal failure, the lifecycle phase
     */
    public ConsumerLoop(String name, String role, Supplier<Consumer<K, V>> consumers, Duration pollTimeout,
                        Body<K, V> body, Settings settings, HookDispatcher hooks) {
        this.name = name;
        this.role = role;
        this.consumers = consumers;
        this.pollTimeout = pollTimeout;
        this.body = body;
        this.settings = settings;
        this.hooks = hooks;
    }

    /** How the loop retries, what it does on a fatal failure, and when it starts among the lifecycle beans. */
    public record Settings(Duration firstBackoff, Duration maxBackoff, FatalFailure fatal, int phase) {

        /** 100 ms doubling to 10 s; a fatal failure ends the process; started in the default phase. */
        public static Settings defaults() {
            return new Settings(Duration.ofMillis(100), Duration.ofSeconds(10), FatalFailure.exitProcess(),
                    SmartLifecycle.DEFAULT_PHASE);
        }

        public Settings withPhase(int phase) {
            return new Settings(firstBackoff, maxBackoff, fatal, phase);
        }

        public Settings withFatal(FatalFailure fatal) {
            return new Settings(firstBackoff, maxBackoff, fatal, phase);
        }

        public Settings withBackoff(Duration first, Duration max) {
            return new Settings(first, max, fatal, phase);
        }
    }

    /** What a loop that cannot go on does: by default, end the process so that it is restarted. */
    @FunctionalInterface
    public interface FatalFailure {
        void cannotGoOn(String loop, Throwable cause);

        static FatalFailure exitProcess() {
            return (loop, cause) -> {
                // From another thread: exiting runs the shutdown hooks, which stop (and join) this loop.
                Thread exit = new Thread(() -> System.exit(70), "taskcast-fatal-exit");
                exit.start();
            };
        }
    }

    private record Health(boolean ok, String detail) {
        static final Health NOT_STARTED = new Health(false, "not started");
        static final Health POLLING = new Health(true, "polling");
    }

    @Override
    public synchronized void start() {
        Consumer<K, V> created = consumers.get();
        try {
            body.open(created);
        } catch (RuntimeException e) {
            created.close(Duration.ofSeconds(5));
            throw e;
        }
        consumer = created;
        stopping = new CountDownLatch(1);
        health = Health.POLLING;
        Thread t = new Thread(this::run, "taskcast-" + name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public synchronized void stop() {
        Thread t = thread;
        if (t == null) {
            return;
        }
        stopping.countDown();
        consumer.wakeup();
        try {
            t.join(JOIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            log.warn("{} did not stop within {} s", name, JOIN.toSeconds());
        }
        thread = null;
        consumer = null;
        health = Health.NOT_STARTED;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    @Override
    public int getPhase() {
        return settings.phase();
    }

    /**
     * Waits {@code wait} on the loop's thread, or less when the loop is stopped meanwhile: for a body
     * that holds back on its own (say, while its database is down).
     */
    public void pause(Duration wait) {
        awaitStop(wait);
    }

    /** Whether the loop's thread is alive (not only started and not stopped). */
    public boolean alive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<DependencyStatus> check() {
        Health now = health;
        boolean ok = now.ok() && alive();
        return Mono.just(new DependencyStatus(name, ok, ok || !now.ok() ? now.detail() : "thread ended"));
    }

    private void run() {
        Consumer<K, V> c = consumer;
        ExponentialBackoff backoff = new ExponentialBackoff(settings.firstBackoff().toMillis(), 2,
                settings.maxBackoff().toMillis(), 0.2);
        long failures = 0;
        Instant failingSince = null;
        try {
            while (!stopped()) {
                try {
                    body.handle(c, body.poll(c, pollTimeout));
                    if (failures > 0) {
                        log.info("{} reads again after {} failed attempt(s)", name, failures);
                        failures = 0;
                        failingSince = null;
                        health = Health.POLLING;
                    }
                } catch (RuntimeException e) {
                    if (e instanceof WakeupException && stopped()) {
                        break;
                    }
                    if (fatal(e)) {
                        endFatally(e);
                        return;
                    }
                    failures++;
                    failingSince = failingSince == null ? Instant.now() : failingSince;
                    retryAfter(c, e, failures, failingSince, backoff);
                }
            }
        } catch (Error e) {
            endFatally(e);
            throw e;
        } finally {
            close(c);
        }
    }

    private void retryAfter(Consumer<K, V> c, RuntimeException e, long failures, Instant since,
                            ExponentialBackoff backoff) {
        long wait = backoff.backoff(failures - 1);
        health = new Health(false, "failing since " + since + " (" + failures + " attempt(s)): " + describe(e));
        if (failures == 1) {
            log.error("{} failed; it retries in {} ms and goes on from where it was", name, wait, e);
            hooks.unhandledError(new UnhandledError(role, name + " consumer", e));
        } else {
            log.warn("{} failed again (attempt {}); retrying in {} ms: {}", name, failures, wait, describe(e));
        }
        try {
            body.failed(c, e);
        } catch (RuntimeException again) {
            log.warn("{} could not prepare its retry: {}", name, describe(again));
        }
        awaitStop(Duration.ofMillis(wait));
    }

    private void endFatally(Throwable e) {
        health = new Health(false, "stopped: " + describe(e));
        log.error("{} cannot go on ({}); the process exits so that it is restarted", name, describe(e), e);
        hooks.unhandledError(new UnhandledError(role, name + " consumer", e));
        settings.fatal().cannotGoOn(name, e);
    }

    private void close(Consumer<K, V> c) {
        try {
            body.closing(c);
        } catch (RuntimeException e) {
            log.warn("{} did not close cleanly: {}", name, describe(e));
        } finally {
            c.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Assigns {@code partitions} from their end as it is now (the lazy seek resolved at once), for a
     * reader that wants only what is written after it started.
     */
    public static void assignAtEnd(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /**
     * Polls, skipping a record that cannot be read instead of failing on it again and again; the
     * record is logged and handed to {@code skipped}. For readers whose records are someone else's
     * to dead-letter.
     */
    public static <K, V> ConsumerRecords<K, V> pollSkippingUnreadable(Consumer<K, V> consumer, Duration timeout,
            java.util.function.Consumer<RecordDeserializationException> skipped) {
        try {
            return consumer.poll(timeout);
        } catch (RecordDeserializationException e) {
            log.warn("Skipping unreadable record at {}-{}: {}", e.topicPartition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
            skipped.accept(e);
            return ConsumerRecords.empty();
        }
    }

    /** Failures that a retry cannot cure. */
    static boolean fatal(Throwable e) {
        return e instanceof AuthenticationException || e instanceof AuthorizationException
                || e instanceof UnsupportedVersionException || e instanceof InvalidGroupIdException
                || e instanceof FencedInstanceIdException;
    }

    private boolean stopped() {
        return stopping.getCount() == 0;
    }

    private void awaitStop(Duration wait) {
        try {
            stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.countDown();
        }
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
