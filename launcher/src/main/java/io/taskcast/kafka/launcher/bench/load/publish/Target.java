package io.taskcast.kafka.launcher.bench.load.publish;

import java.util.Optional;

/**
 * A target of issue 8 for one of these scenarios at given settings: a minimum rate and/or a
 * maximum p99 (0 where the target names none).
 */
record Target(String text, double minRate, double maxP99Ms) {

    static Optional<Target> publish(int connections) {
        if (connections == 8) {
            return Optional.of(new Target("≥ 4,500/s, p99 ≤ 10 ms", 4_500, 10));
        }
        return connections == 32 ? Optional.of(new Target("≥ 5,000/s, p99 ≤ 30 ms", 5_000, 30)) : Optional.empty();
    }

    static Optional<Target> publishBatch(int connections, int batch) {
        return connections == 8 && batch == 100 ? Optional.of(new Target("≥ 50,000/s", 50_000, 0)) : Optional.empty();
    }

    static Optional<Target> inFlight(double rate, int inFlight) {
        return rate == 200 && inFlight == 16 ? Optional.of(new Target("p99 ≤ 30 ms", 0, 30)) : Optional.empty();
    }

    boolean met(double rate, double p99Ms) {
        return rate >= minRate && (maxP99Ms <= 0 || p99Ms <= maxP99Ms);
    }
}
