package io.taskcast.kafka.gateway.live;

import io.taskcast.kafka.schemas.EventRecord;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * Who wants which live events: listeners per task and global listeners. The consumer thread calls
 * {@link #dispatch}; listeners must not block (they only enqueue).
 */
public final class LiveListeners {

    private final Map<String, Set<Consumer<EventRecord>>> byTask = new ConcurrentHashMap<>();
    private final Set<Consumer<EventRecord>> global = new CopyOnWriteArraySet<>();

    /** Receives every later event of {@code taskId} until the returned handle is closed. */
    public Registration onTask(String taskId, Consumer<EventRecord> listener) {
        byTask.compute(taskId, (id, set) -> {
            Set<Consumer<EventRecord>> listeners = set == null ? new CopyOnWriteArraySet<>() : set;
            listeners.add(listener);
            return listeners;
        });
        return () -> byTask.computeIfPresent(taskId, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    /** Receives every later event of every task until the returned handle is closed. */
    public Registration onEveryTask(Consumer<EventRecord> listener) {
        global.add(listener);
        return () -> global.remove(listener);
    }

    void dispatch(EventRecord record) {
        Set<Consumer<EventRecord>> listeners = byTask.get(record.event().taskId());
        if (listeners != null) {
            listeners.forEach(listener -> listener.accept(record));
        }
        global.forEach(listener -> listener.accept(record));
    }

    /** Stops a listener; closing twice is harmless. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
