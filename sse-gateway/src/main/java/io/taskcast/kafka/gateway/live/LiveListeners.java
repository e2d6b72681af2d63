package io.taskcast.kafka.gateway.live;

import io.taskcast.kafka.schemas.EventRecord;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger log = LoggerFactory.getLogger(LiveListeners.class);

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

    /** Every listener is called, also when one before it throws. */
    void dispatch(EventRecord record) {
        Set<Consumer<EventRecord>> listeners = byTask.get(record.event().taskId());
        if (listeners != null) {
            listeners.forEach(listener -> tell(listener, record));
        }
        global.forEach(listener -> tell(listener, record));
    }

    private static void tell(Consumer<EventRecord> listener, EventRecord record) {
        try {
            listener.accept(record);
        } catch (RuntimeException e) {
            log.error("A live stream failed to take event {} (index {}) of task {}; the other streams go on",
                    record.event().id(), record.event().index(), record.event().taskId(), e);
        }
    }

    /** Stops a listener; closing twice is harmless. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
