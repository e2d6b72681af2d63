package io.taskcast.kafka.testkit;

import org.apache.kafka.clients.consumer.Consumer;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A real Kafka consumer whose {@code poll} throws on demand: the exceptions queued with
 * {@link #failNextPolls}, one per poll, and then, until {@link #heal()}, the one given to
 * {@link #failEveryPoll}. Everything else goes to the real consumer, so a reader under test keeps
 * its group membership, position and commits against the real broker.
 */
public final class FaultyConsumer {

    private final Queue<RuntimeException> next = new ConcurrentLinkedQueue<>();
    private final AtomicReference<RuntimeException> always = new AtomicReference<>();
    private final AtomicInteger thrown = new AtomicInteger();

    /** Wraps each consumer {@code real} makes. */
    public <K, V> Supplier<Consumer<K, V>> wrap(Supplier<Consumer<K, V>> real) {
        return () -> proxy(real.get());
    }

    public void failNextPolls(RuntimeException... failures) {
        next.addAll(java.util.List.of(failures));
    }

    public void failEveryPoll(RuntimeException failure) {
        always.set(failure);
    }

    public void heal() {
        always.set(null);
        next.clear();
    }

    /** How many polls have thrown so far. */
    public int thrown() {
        return thrown.get();
    }

    /** Whether every queued failure has been thrown. */
    public boolean queueThrown() {
        return next.isEmpty();
    }

    @SuppressWarnings("unchecked")
    private <K, V> Consumer<K, V> proxy(Consumer<K, V> real) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("poll")) {
                RuntimeException failure = next.poll();
                if (failure == null) {
                    failure = always.get();
                }
                if (failure != null) {
                    thrown.incrementAndGet();
                    throw failure;
                }
            }
            return invoke(real, method, args);
        };
        return (Consumer<K, V>) Proxy.newProxyInstance(Consumer.class.getClassLoader(),
                new Class<?>[] {Consumer.class}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
