package io.taskcast.kafka.bench.load.sse;

import io.taskcast.kafka.bench.load.Pacer;
import io.taskcast.kafka.bench.load.RunOptions;
import io.taskcast.kafka.testkit.ServerProcess;

/**
 * When the SSE scenarios' publishes go out: a fixed rate over warm-up plus duration, the measured
 * window opening at the first send after the warm-up, and an end when the run's time is up even
 * if the publisher fell behind (its rate then shows by how much). Each event is stamped with the
 * moment its publish is sent, so latency is publish → receive. One publishing thread.
 */
final class PublishSchedule {

    private final Pacer pacer;
    private final long events;
    private final long measureFrom;
    private final long end;
    private final ServerProcess server;
    private long sends;
    private long sendsBeforeWindow = -1;

    /** Opens {@code window} on this schedule; {@code server} (nullable) is measured over the window. */
    PublishSchedule(double rate, RunOptions run, MeasureWindow window, ServerProcess server) {
        this.pacer = new Pacer(System.nanoTime() + 100_000_000L, rate);
        this.events = pacer.sendsWithin(run.warmup.plus(run.duration).toNanos());
        this.measureFrom = pacer.dueNanos(pacer.sendsWithin(run.warmup.toNanos()));
        this.end = pacer.dueNanos(events);
        this.server = server;
        window.open(pacer, measureFrom);
    }

    /** Whether event {@code i} is still to be sent: scheduled, and the run's time not up. */
    boolean more(long i) {
        return i < events && System.nanoTime() < end;
    }

    /** Waits until event {@code i} is due. */
    void awaitDue(long i) {
        Pacer.awaitDue(pacer.dueNanos(i));
    }

    /** Event {@code i} is being sent now: its stamp (epoch nanos) for the event's data. */
    long sending(long i) {
        long now = System.nanoTime();
        if (sendsBeforeWindow < 0 && now >= measureFrom) {
            sendsBeforeWindow = sends;
            if (server != null) {
                server.startWindow();
            }
        }
        sends++;
        return pacer.epochNanos(Math.max(pacer.dueNanos(i), now));
    }

    long sends() {
        return sends;
    }

    long scheduled() {
        return events;
    }

    /** Sends per second inside the measured window, up to now. */
    double measuredRate() {
        double seconds = (System.nanoTime() - measureFrom) / 1e9;
        return (sendsBeforeWindow < 0 ? 0 : sends - sendsBeforeWindow) / seconds;
    }
}
