package io.taskcast.kafka.launcher.bench.load;

import picocli.CommandLine.Option;

import java.time.Duration;

/** How long a load scenario warms up (not measured) and then measures. */
public final class RunOptions {

    @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class, description = "Unmeasured warm-up (default: ${DEFAULT-VALUE}).")
    public Duration warmup;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class, description = "Measured time (default: ${DEFAULT-VALUE}).")
    public Duration duration;
}
