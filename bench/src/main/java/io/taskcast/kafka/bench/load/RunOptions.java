package io.taskcast.kafka.bench.load;

import picocli.CommandLine.Option;

import java.time.Duration;

/** How long a load scenario warms up (not measured) and then measures. */
public final class RunOptions {

    @Option(names = "--warmup", converter = DurationConverter.class, defaultValue = "10s",
            description = "Unmeasured warm-up (default: ${DEFAULT-VALUE}).")
    public Duration warmup;

    @Option(names = "--duration", converter = DurationConverter.class, defaultValue = "30s",
            description = "Measured time (default: ${DEFAULT-VALUE}).")
    public Duration duration;
}
