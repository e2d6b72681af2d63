package io.taskcast.kafka.bench.load.sse;

import io.taskcast.kafka.bench.load.TaskcastHttp;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Creates and completes the tasks of a run a few requests at a time, before and after the measured part. */
final class TaskSetup {

    private static final int PARALLEL = 8;

    private TaskSetup() {
    }

    /** {@code count} tasks, each moved to {@code running}; their ids in creation order. */
    static List<String> createRunning(TaskcastHttp http, int count, PrintStream log) {
        log.printf("creating %,d running tasks%n", count);
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            numbers.add(i);
        }
        return inParallel(numbers, n -> http.createRunningTask("bench"));
    }

    /** Moves every task to {@code completed}, which ends each of its streams with done. */
    /** {@code connections} task ids, {@code ids} in turn: connections spread evenly over the tasks. */
    static List<String> spread(List<String> ids, int connections) {
        List<String> perConnection = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            perConnection.add(ids.get(i % ids.size()));
        }
        return perConnection;
    }

    static void complete(TaskcastHttp http, List<String> ids, PrintStream log) {
        log.printf("completing %,d tasks%n", ids.size());
        inParallel(ids, id -> {
            http.transition(id, "completed");
            return id;
        });
    }

    /** One request of the set-up; may fail with any exception, which fails the run. */
    private interface Call<T, R> {
        R apply(T input) throws Exception;
    }

    private static <T, R> List<R> inParallel(List<T> inputs, Call<T, R> call) {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<R>> futures = new ArrayList<>();
            inputs.forEach(input -> futures.add(pool.submit(() -> call.apply(input))));
            List<R> results = new ArrayList<>();
            for (Future<R> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            throw new BenchFailure("setting up tasks failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while setting up tasks");
        } finally {
            pool.shutdownNow();
        }
    }
}
