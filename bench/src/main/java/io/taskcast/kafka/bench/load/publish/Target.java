package io.taskcast.kafka.bench.load.publish;

import java.util.Optional;

/**
 * The target of a scenario at given settings, from the issue that set it (issue 17 for the
 * publish and in-flight latencies, issue 8 for batches): a minimum rate, a maximum p50 and a
 * maximum p99, each 0 where the target names none.
 */
record Target(String text, double minRate, double maxP50Ms, double maxP99Ms) {

    static Optional<Target> publish(int connections) {
        return switch (connections) {
            case 1 -> Optional.of(new Target("≥ 400/s, p50 ≤ 2 ms", 400, 2, 0));
            case 8 -> Optional.of(new Target("≥ 2,000/s, p99 ≤ 15 ms", 2_000, 0, 15));
            case 32 -> Optional.of(new Target("≥ 3,000/s, p99 ≤ 40 ms", 3_000, 0, 40));
            default -> Optional.empty();
        };
    }

    static Optional<Target> publishBatch(int connections, int batch) {
        return connections == 8 && batch == 100 ? Optional.of(new Target("≥ 50,000/s", 50_000, 0, 0)) : Optional.empty();
    }

    static Optional<Target> inFlight(double rate, int inFlight) {
        return rate == 200 && inFlight == 16 ? Optional.of(new Target("p99 ≤ 20 ms", 0, 0, 20)) : Optional.empty();
    }

    boolean met(double rate, double p50Ms, double p99Ms) {
        return rate >= minRate && (maxP50Ms <= 0 || p50Ms <= maxP50Ms) && (maxP99Ms <= 0 || p99Ms <= maxP99Ms);
    }
}
