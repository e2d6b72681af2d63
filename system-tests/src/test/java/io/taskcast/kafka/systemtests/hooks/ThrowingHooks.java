package io.taskcast.kafka.systemtests.hooks;

import io.taskcast.kafka.platform.hooks.TaskFailed;
import io.taskcast.kafka.platform.hooks.TaskTimedOut;
import io.taskcast.kafka.platform.hooks.TaskcastHooks;
import io.taskcast.kafka.platform.hooks.WebhookFailed;

/**
 * A broken hook, listed before {@link RecordingHooks}: it throws for the tasks of {@code HooksIT}
 * (ids starting {@code hooks-}), so that IT shows a throwing hook stops neither the next hook nor
 * the pipeline. Other ITs' tasks pass untouched.
 */
public final class ThrowingHooks implements TaskcastHooks {

    @Override
    public void onTaskFailed(TaskFailed failed) {
        fail(failed.taskId());
    }

    @Override
    public void onTaskTimeout(TaskTimedOut timedOut) {
        fail(timedOut.taskId());
    }

    @Override
    public void onWebhookFailed(WebhookFailed failed) {
        fail(failed.taskId());
    }

    private static void fail(String taskId) {
        if (taskId.startsWith("hooks-")) {
            throw new IllegalStateException("this hook is broken on purpose");
        }
    }
}
