package io.taskcast.kafka.platform.hooks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Calls every registered {@link TaskcastHooks}, each on its own: a hook that throws is logged once
 * (per hook and hook point) at WARN and skipped, so neither the other hooks nor the caller notice.
 * The roles call this, never a hook directly.
 */
public final class HookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(HookDispatcher.class);
    private static final HookDispatcher NONE = new HookDispatcher(List.of());

    private final List<TaskcastHooks> hooks;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public HookDispatcher(List<? extends TaskcastHooks> hooks) {
        this.hooks = List.copyOf(hooks);
    }

    /** Calls nothing: for code paths built without a Spring context (tools, tests). */
    public static HookDispatcher none() {
        return NONE;
    }

    /** {@code beans} and the implementations listed in {@code META-INF/services} of the class path. */
    public static HookDispatcher of(List<? extends TaskcastHooks> beans) {
        List<TaskcastHooks> all = new ArrayList<>(beans);
        ServiceLoader.load(TaskcastHooks.class, TaskcastHooks.class.getClassLoader()).forEach(all::add);
        if (!all.isEmpty()) {
            log.info("Taskcast hooks registered: {}", all.stream().map(h -> h.getClass().getName()).toList());
        }
        return new HookDispatcher(all);
    }

    public List<TaskcastHooks> hooks() {
        return hooks;
    }

    public void taskFailed(TaskFailed failed) {
        call("onTaskFailed", failed, TaskcastHooks::onTaskFailed);
    }

    public void taskTimedOut(TaskTimedOut timedOut) {
        call("onTaskTimeout", timedOut, TaskcastHooks::onTaskTimeout);
    }

    public void eventDropped(EventDropped dropped) {
        call("onEventDropped", dropped, TaskcastHooks::onEventDropped);
    }

    public void webhookFailed(WebhookFailed failed) {
        call("onWebhookFailed", failed, TaskcastHooks::onWebhookFailed);
    }

    public void unhandledError(UnhandledError error) {
        call("onUnhandledError", error, TaskcastHooks::onUnhandledError);
    }

    private <T> void call(String point, T event, BiConsumer<TaskcastHooks, T> method) {
        for (TaskcastHooks hook : hooks) {
            try {
                method.accept(hook, event);
            } catch (RuntimeException | LinkageError e) {
                // LinkageError too: a hook jar missing its SDK (NoClassDefFoundError) must not stop a role.
                failed(hook, point, e);
            }
        }
    }

    private void failed(TaskcastHooks hook, String point, Throwable e) {
        String name = hook.getClass().getName();
        if (warned.add(name + "#" + point)) {
            // The event is not logged: the hook's own failure is what operators need, and only once.
            log.warn("Hook {}.{} threw {}; ignored (logged once per hook point)", name, point, e.toString(), e);
        } else {
            log.debug("Hook {}.{} threw {} again", name, point, e.toString());
        }
    }
}
