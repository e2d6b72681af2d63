package io.taskcast.kafka.processor;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.hooks.UnhandledError;
import io.taskcast.kafka.platform.metrics.KafkaMeters;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Owns the {@link KafkaStreams} instance: starts it with the application, waits until it is RUNNING
 * (so "ready" means commands are processed), and closes it on shutdown. The topology itself comes
 * from {@code TaskTopology}; nothing here decides what the processor does.
 */
final class ProcessorRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProcessorRunner.class);

    private final Topology topology;
    private final Properties config;
    private final KafkaClientSupplier clients;
    private final Duration startupTimeout;
    private final KafkaMeters meters;
    private final HookDispatcher hooks;
    private volatile KafkaStreams streams;
    /** Whether the current instance has reached RUNNING: its state is restored and it processes commands. */
    private volatile boolean restored;

    /** @param clients the Kafka clients to run with; the view writer's, so each commit writes the view first */
    public ProcessorRunner(Topology topology, Properties config, KafkaClientSupplier clients, Duration startupTimeout) {
        this(topology, config, clients, startupTimeout, KafkaMeters.none(), HookDispatcher.none());
    }

    /**
     * @param meters binds the Streams clients' metrics (consumer lag among them)
     * @param hooks  told of every failure of a stream thread ({@code onUnhandledError})
     */
    public ProcessorRunner(Topology topology, Properties config, KafkaClientSupplier clients, Duration startupTimeout,
                           KafkaMeters meters, HookDispatcher hooks) {
        this.hooks = hooks;
        this.topology = topology;
        this.config = config;
        this.clients = clients;
        this.startupTimeout = startupTimeout;
        this.meters = meters;
    }

    @Override
    public void start() {
        CountDownLatch running = new CountDownLatch(1);
        restored = false;
        streams = new KafkaStreams(topology, config, clients);
        meters.bind(new KafkaStreamsMetrics(streams));
        streams.setStateListener((now, before) -> {
            log.info("Processor {} → {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                restored = true;
                running.countDown();
            }
        });
        // A failed transaction is aborted, so replacing the thread reprocesses from the last commit:
        // a transient outage (say Redis restarting) costs a retry, never a lost or doubled command.
        streams.setUncaughtExceptionHandler(e -> {
            log.error("Processor thread failed; replacing it and retrying from the last commit", e);
            hooks.unhandledError(new UnhandledError("processor", "processor stream thread", e));
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        awaitRunning(running);
    }

    private void awaitRunning(CountDownLatch running) {
        try {
            if (!running.await(startupTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Processor did not reach RUNNING within " + startupTimeout.toSeconds()
                        + " s (state " + streams.state() + "); see the log above for the cause");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the processor to start", e);
        }
    }

    @Override
    public void stop() {
        KafkaStreams s = streams;
        if (s != null) {
            // Leaving the group lets a restarted or other instance take the partitions at once
            // instead of waiting out the session timeout.
            s.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
            streams = null;
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** The current state, for health reporting. */
    public KafkaStreams.State state() {
        KafkaStreams s = streams;
        return s == null ? KafkaStreams.State.NOT_RUNNING : s.state();
    }

    /**
     * Whether a command sent now would be processed: the processor is RUNNING, or rebalancing after it
     * had been RUNNING (instances joining or leaving; partitions not moving go on being processed, and
     * all instances rebalance together, so counting this as unready would take every one out at once).
     * Before the first RUNNING it is restoring its state or waiting for its partitions: a write would
     * only be durable (202), so it is not ready.
     */
    public boolean processing() {
        KafkaStreams.State now = state();
        return now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.REBALANCING && restored;
    }
}
