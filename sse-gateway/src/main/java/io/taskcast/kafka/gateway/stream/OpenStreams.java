package io.taskcast.kafka.gateway.stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the SSE streams this gateway is serving, as the gauge {@code taskcast.sse.streams.open}
 * tagged {@code kind=task|global}: a stream counts from its subscription until it ends, whether
 * it completed, failed or the client went away.
 */
public final class OpenStreams {

    private final AtomicInteger task = new AtomicInteger();
    private final AtomicInteger global = new AtomicInteger();

    public OpenStreams(MeterRegistry registry) {
        gauge(registry, "task", task);
        gauge(registry, "global", global);
    }

    private static void gauge(MeterRegistry registry, String kind, AtomicInteger count) {
        Gauge.builder("taskcast.sse.streams.open", count, AtomicInteger::get)
                .description("SSE streams open on this gateway").tag("kind", kind).register(registry);
    }

    <T> Flux<T> countTask(Flux<T> frames) {
        return counted(frames, task);
    }

    <T> Flux<T> countGlobal(Flux<T> frames) {
        return counted(frames, global);
    }

    private static <T> Flux<T> counted(Flux<T> frames, AtomicInteger count) {
        return frames.doOnSubscribe(s -> count.incrementAndGet()).doFinally(signal -> count.decrementAndGet());
    }
}
