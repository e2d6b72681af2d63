package io.taskcast.kafka.bench.load.throughput;

import io.taskcast.kafka.bench.load.Latencies;
import io.taskcast.kafka.testkit.ServerProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends numbered messages as fast as the pipeline returns them: at most {@code window} are in
 * flight (sent, not yet seen at the far end), so the rate is what the pipeline sustains and the
 * latency is what a message waits at that rate. The far end reports each arrival with
 * {@link #arrived}; the run ends by waiting for everything sent, then {@link Result#problem} says
 * whether every message arrived exactly once.
 */
public final class ClosedLoop {

    /** Sends {@code count} messages numbered from {@code firstSeq}, stamped with {@code sentNanos}. */
    public interface Sender {
        void send(long firstSeq, int count, long sentNanos) throws Exception;

        /** Called when no permit is free, e.g. to commit an open transaction so its records become visible. */
        default void idle() throws Exception {
        }
    }

    private final Semaphore window;
    private final int batch;
    private final Arrivals arrivals = new Arrivals();
    private final Latencies latencies = new Latencies();
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile boolean stopping;

    /** @param window messages in flight at most; @param batch messages per send */
    public ClosedLoop(int window, int batch) {
        if (batch < 1 || window < batch) {
            throw new IllegalArgumentException("need 1 <= batch <= window, got batch " + batch + ", window " + window);
        }
        this.window = new Semaphore(window);
        this.batch = batch;
    }

    /** The far end saw message {@code seq}, sent at {@code sentNanos} ({@link System#nanoTime()}). */
    public void arrived(long seq, long sentNanos) {
        long now = System.nanoTime();
        if (arrivals.arrive(seq)) {
            latencies.recordNanos(now - sentNanos);
            window.release();
        }
    }

    /** A send failed; its messages will not arrive and the run fails. */
    public void failed(String reason) {
        errors.incrementAndGet();
        firstError.compareAndSet(null, reason);
    }

    /**
     * Runs {@code senders} (one thread each) for warm-up plus duration, then waits up to {@code drain}
     * for what is still in flight; {@code server} (nullable) is measured over the measured window.
     */
    public Result run(List<Sender> senders, Duration warmup, Duration duration, Duration drain, ServerProcess server)
            throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < senders.size(); i++) {
            Sender sender = senders.get(i);
            Thread thread = new Thread(() -> sendLoop(sender), "bench-sender-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        Thread.sleep(warmup.toMillis());
        latencies.reset();
        if (server != null) {
            server.startWindow();
        }
        long startCount = arrivals.arrived();
        long start = System.nanoTime();
        Thread.sleep(duration.toMillis());
        long endCount = arrivals.arrived();
        double seconds = (System.nanoTime() - start) / 1e9;
        Latencies.Summary summary = latencies.summary();
        double cpu = server == null ? -1 : server.cpuPercent();
        double rss = server == null ? -1 : server.rssMib();
        stopping = true;
        for (Thread thread : threads) {
            thread.join();
        }
        long sent = next.get();
        long deadline = System.nanoTime() + drain.toNanos();
        while (arrivals.arrived() < sent - errors.get() * batch && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        String problem = arrivals.problem(sent);
        if (errors.get() > 0) {
            problem = errors.get() + " sends failed (first: " + firstError.get() + ")"
                    + (problem == null ? "" : "; " + problem);
        }
        return new Result((endCount - startCount) / seconds, summary, errors.get(), sent, arrivals.duplicates(),
                cpu, rss, problem);
    }

    private void sendLoop(Sender sender) {
        try {
            while (!stopping) {
                if (!window.tryAcquire(batch, 1, TimeUnit.MILLISECONDS)) {
                    sender.idle();
                    continue;
                }
                long first = next.getAndAdd(batch);
                sender.send(first, batch, System.nanoTime());
            }
            sender.idle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failed(e.toString());
        }
    }

    /**
     * @param rate    distinct arrivals per second over the measured window
     * @param sent    messages sent in the whole run, warm-up included
     * @param serverCpuPercent the system's CPU over the measured window (-1 unknown), as {@link ServerProcess}
     * @param problem why the run is invalid (lost, duplicated or failed messages); null when it is valid
     */
    public record Result(double rate, Latencies.Summary latency, long errors, long sent, long duplicates,
                         double serverCpuPercent, double serverRssMib, String problem) {

        /** This result with {@code extra} (nullable) added to its problems. */
        public Result withProblem(String extra) {
            if (extra == null) {
                return this;
            }
            return new Result(rate, latency, errors, sent, duplicates, serverCpuPercent, serverRssMib,
                    problem == null ? extra : problem + "; " + extra);
        }
    }
}
