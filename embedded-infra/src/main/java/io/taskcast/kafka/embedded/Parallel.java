package io.taskcast.kafka.embedded;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/** Runs named tasks on their own threads and waits for every one of them, whatever happens to each. */
final class Parallel {

    /** What one task returned, or how it failed; exactly one of the two is set. */
    record Outcome<T>(String name, T value, RuntimeException failure) {
        boolean failed() {
            return failure != null;
        }
    }

    private Parallel() {
    }

    /** Tasks keyed by a name used for the thread and in failure messages; results in the same order. */
    static <T> List<Outcome<T>> run(String threadPrefix, Map<String, Supplier<T>> tasks) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>(tasks.keySet());
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size(), new NamedThreads(threadPrefix));
        try {
            Map<String, CompletableFuture<T>> futures = new LinkedHashMap<>();
            names.forEach(name -> futures.put(name, CompletableFuture.supplyAsync(tasks.get(name), pool)));
            // join() waits uninterruptibly: a started component must be returned or closed, never leaked.
            return names.stream().map(name -> outcome(name, futures.get(name))).toList();
        } finally {
            pool.shutdown();
        }
    }

    static <T> List<RuntimeException> failures(List<Outcome<T>> outcomes) {
        return outcomes.stream().filter(Outcome::failed).map(Outcome::failure).toList();
    }

    /** The first failure, with the others attached as suppressed. */
    static RuntimeException combine(List<RuntimeException> failures) {
        RuntimeException first = failures.get(0);
        failures.stream().skip(1).forEach(first::addSuppressed);
        return first;
    }

    private static <T> Outcome<T> outcome(String name, CompletableFuture<T> future) {
        try {
            return new Outcome<>(name, future.join(), null);
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            RuntimeException failure = cause instanceof EmbeddedStartException start ? start
                    : new IllegalStateException(name + " failed: " + cause, cause);
            return new Outcome<>(name, null, failure);
        }
    }

    private static final class NamedThreads implements ThreadFactory {
        private final String prefix;
        private int count;

        NamedThreads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public synchronized Thread newThread(Runnable runnable) {
            return new Thread(runnable, prefix + "-" + ++count);
        }
    }
}
