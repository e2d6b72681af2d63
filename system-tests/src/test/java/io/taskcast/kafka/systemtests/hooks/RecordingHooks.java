package io.taskcast.kafka.systemtests.hooks;

import io.taskcast.kafka.platform.hooks.EventDropped;
import io.taskcast.kafka.platform.hooks.TaskFailed;
import io.taskcast.kafka.platform.hooks.TaskTimedOut;
import io.taskcast.kafka.platform.hooks.TaskcastHooks;
import io.taskcast.kafka.platform.hooks.UnhandledError;
import io.taskcast.kafka.platform.hooks.WebhookFailed;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hook registered the way users register theirs, through {@code META-INF/services} on the class
 * path: every in-JVM app of the launcher ITs loads it. It records what it is told, for the ITs to
 * find by task id.
 */
public final class RecordingHooks implements TaskcastHooks {

    private static final List<Object> TOLD = new CopyOnWriteArrayList<>();

    public static List<Object> told() {
        return List.copyOf(TOLD);
    }

    @Override
    public void onTaskFailed(TaskFailed failed) {
        TOLD.add(failed);
    }

    @Override
    public void onTaskTimeout(TaskTimedOut timedOut) {
        TOLD.add(timedOut);
    }

    @Override
    public void onEventDropped(EventDropped dropped) {
        TOLD.add(dropped);
    }

    @Override
    public void onWebhookFailed(WebhookFailed failed) {
        TOLD.add(failed);
    }

    @Override
    public void onUnhandledError(UnhandledError error) {
        TOLD.add(error);
    }
}
