package io.taskcast.kafka.bench.load.sse;

import reactor.netty.http.client.HttpClient;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The SSE subscribers of one run: opened a few at a time (so thousands do not hit the server in
 * one burst), each on one task's {@code /events} with the default wrap; then awaited to their end
 * and checked one by one.
 */
final class SubscriberFleet implements AutoCloseable {

    private static final int SHOWN_FAILURES = 5;

    private final List<SseSubscriber> subscribers = new ArrayList<>();
    private final List<String> tasks = new ArrayList<>();

    /**
     * Opens one subscriber per entry of {@code taskIds}, at most {@code connecting} at once, and
     * returns when each got its first frame (the replayed status event).
     */
    void open(HttpClient client, List<String> taskIds, MeasureWindow window, int connecting, Duration stall,
              PrintStream log) {
        Semaphore slots = new Semaphore(connecting);
        CountDownLatch settled = new CountDownLatch(taskIds.size());
        int step = Math.max(taskIds.size() / 10, 1);
        for (String task : taskIds) {
            acquire(slots, stall, "opening connection " + (subscribers.size() + 1) + " of " + taskIds.size());
            SseSubscriber subscriber = new SseSubscriber(window);
            subscribers.add(subscriber);
            tasks.add(task);
            subscriber.open(client, "/tasks/" + task + "/events", () -> {
                slots.release();
                settled.countDown();
            });
            if (subscribers.size() % step == 0) {
                log.printf("opened %,d of %,d SSE connections%n", subscribers.size(), taskIds.size());
            }
        }
        await(settled, stall, "the last SSE connections");
        List<String> down = subscribers.stream().filter(s -> !s.check().connected())
                .map(s -> String.valueOf(s.check().failure())).toList();
        if (!down.isEmpty()) {
            throw new BenchFailure(down.size() + " of " + subscribers.size() + " subscribers did not connect: "
                    + String.join("; ", down.subList(0, Math.min(down.size(), SHOWN_FAILURES))));
        }
    }

    /** Waits until every stream ended (the server closed it after done, or it failed). */
    void awaitEnded(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (SseSubscriber subscriber : subscribers) {
            while (!subscriber.check().ended() && System.nanoTime() < deadline) {
                sleepMillis(20);
            }
        }
    }

    /**
     * Checks every subscriber got {@code events.applyAsLong(task)} events of its task in order,
     * once each, then done with {@code reason}, then the close; throws naming the first failures.
     */
    void verify(ToLongFunction<String> events, String reason) {
        String failures = firstFailures(events, reason);
        if (!failures.isEmpty()) {
            throw new BenchFailure(failures);
        }
    }

    int size() {
        return subscribers.size();
    }

    @Override
    public void close() {
        subscribers.forEach(SseSubscriber::close);
    }

    private String firstFailures(ToLongFunction<String> events, String reason) {
        List<String> shown = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < subscribers.size(); i++) {
            String failure = subscribers.get(i).check().verify(events.applyAsLong(tasks.get(i)), reason);
            if (failure != null && failed++ < SHOWN_FAILURES) {
                shown.add("subscriber " + i + " (task " + tasks.get(i) + "): " + failure);
            }
        }
        return failed == 0 ? "" : failed + " of " + subscribers.size() + " subscribers failed; " + String.join("; ", shown);
    }

    private static void acquire(Semaphore slots, Duration stall, String what) {
        try {
            if (!slots.tryAcquire(stall.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BenchFailure("no SSE connection got its first frame for " + stall.toSeconds() + " s while " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while " + what);
        }
    }

    private static void await(CountDownLatch latch, Duration timeout, String what) {
        try {
            if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BenchFailure(what + " did not connect within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while waiting for " + what);
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while waiting for the streams to end");
        }
    }
}
