package io.taskcast.kafka.processor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.taskcast.kafka.processor.topology.CommandMeters;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The processor's meters: {@code taskcast.commands.processed} by outcome, and
 * {@code taskcast.commands.latency}, from the command record's timestamp to the moment it was
 * processed. A transaction that is retried processes its records again and counts them again.
 */
final class CommandMetrics implements CommandMeters {

    private final Map<Outcome, Counter> processed = new EnumMap<>(Outcome.class);
    private final Timer latency;
    private final Clock clock;

    CommandMetrics(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        for (Outcome outcome : Outcome.values()) {
            processed.put(outcome, Counter.builder("taskcast.commands.processed")
                    .description("Records of the commands topic processed, by outcome")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        this.latency = Timer.builder("taskcast.commands.latency")
                .description("From a command record's timestamp to the end of its processing")
                .publishPercentileHistogram().register(registry);
    }

    @Override
    public void processed(Outcome outcome, long recordTimestamp) {
        processed.get(outcome).increment();
        // A producer's clock may run ahead of ours; a negative latency would only mislead.
        latency.record(Duration.ofMillis(Math.max(0, clock.millis() - recordTimestamp)));
    }
}
