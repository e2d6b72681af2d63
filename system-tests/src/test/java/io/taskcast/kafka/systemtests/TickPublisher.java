package io.taskcast.kafka.systemtests;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishers for crash tests: {@code threads} threads post {@code tick} events numbered by one
 * global {@code seq}, round-robin over the tasks, each through a random server of {@code servers}.
 * A 201 (applied, with its index) or 202 (durable, not yet applied) is acknowledged and recorded; a
 * connection broken mid-request, or any other answer, leaves the outcome unknown: the event may or
 * may not exist, but never twice. A refused connection (the server is down) never reached it.
 */
final class TickPublisher {

    /** One acknowledged publish; {@code index} and {@code eventId} are what a 201 reported, null for a 202. */
    record Ack(String taskId, long seq, int status, Long index, String eventId) {
    }

    private final List<String> tasks;
    private final List<Http> servers;
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, List<Ack>> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong seqs = new AtomicLong();
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong notSent = new AtomicLong();
    private final AtomicBoolean stopping = new AtomicBoolean();

    /** @param servers live servers; the test removes one it is about to kill */
    TickPublisher(List<String> tasks, List<Http> servers, int threads) {
        this.tasks = tasks;
        this.servers = servers;
        tasks.forEach(t -> acknowledged.put(t, new CopyOnWriteArrayList<>()));
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(this::run, "tick-publisher-" + i);
            thread.setDaemon(true);
            this.threads.add(thread);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    private void run() {
        while (!stopping.get()) {
            long seq = seqs.getAndIncrement();
            String task = tasks.get((int) (seq % tasks.size()));
            Http server = servers.get(ThreadLocalRandom.current().nextInt(servers.size()));
            try {
                Http.Response r = server.post("/tasks/" + task + "/events", "{\"type\":\"tick\",\"data\":{\"seq\":" + seq + "}}");
                if (r.status() == 201 || r.status() == 202) {
                    Long index = r.status() == 201 ? r.json().get("index").asLong() : null;
                    String eventId = r.status() == 201 ? r.json().get("id").asString() : null;
                    acknowledged.get(task).add(new Ack(task, seq, r.status(), index, eventId));
                    count.incrementAndGet();
                } else {
                    unknown.incrementAndGet();
                }
            } catch (RuntimeException e) {
                if (e.getCause() instanceof ConnectException) {
                    notSent.incrementAndGet();
                } else {
                    // The server died under the request: not acknowledged, it may or may not exist.
                    unknown.incrementAndGet();
                }
                if (!pause()) {
                    return;
                }
            }
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(100);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void finish() throws InterruptedException {
        stopping.set(true);
        for (Thread thread : threads) {
            thread.join(60_000);
        }
    }

    long acknowledgedCount() {
        return count.get();
    }

    /** Publishes whose outcome is unknown (connection broken, or an answer other than 201/202). */
    long unknownCount() {
        return unknown.get();
    }

    /** Publishes that found no server listening (it was down): they never reached it. */
    long notSentCount() {
        return notSent.get();
    }

    List<Ack> acknowledged(String task) {
        return acknowledged.get(task);
    }

    /** The {@code seq} of every acknowledged publish to {@code task}. */
    List<Long> acknowledgedSeqs(String task) {
        return acknowledged.get(task).stream().map(Ack::seq).toList();
    }
}
