package io.taskcast.kafka.platform.hooks;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Every hook is called, in order, whatever the others do. */
class HookDispatcherTest {

    private static final WebhookFailed WEBHOOK_FAILED = new WebhookFailed("t1", "msg_1_t0", "t0",
            "https://hooks.example.com/", "e1", "llm.delta", 4, WebhookFailed.Cause.ATTEMPTS_EXHAUSTED, "HTTP 500");

    private final List<String> calls = new ArrayList<>();

    private final class Recording implements TaskcastHooks {
        private final String name;

        Recording(String name) {
            this.name = name;
        }

        @Override
        public void onWebhookFailed(WebhookFailed failed) {
            calls.add(name + " " + failed.deliveryId());
        }

        @Override
        public void onUnhandledError(UnhandledError error) {
            calls.add(name + " " + error.context());
        }
    }

    private static final class Throwing implements TaskcastHooks {
        @Override
        public void onWebhookFailed(WebhookFailed failed) {
            throw new IllegalStateException("sentry down");
        }

        @Override
        public void onUnhandledError(UnhandledError error) {
            // what a hook jar without its SDK on the class path throws
            throw new NoClassDefFoundError("io/sentry/Sentry");
        }
    }

    @Test
    void shouldCallTheHooksAfterOneThatThrows() {
        HookDispatcher hooks = new HookDispatcher(List.of(new Recording("a"), new Throwing(), new Recording("b")));

        assertThatCode(() -> hooks.webhookFailed(WEBHOOK_FAILED)).doesNotThrowAnyException();
        assertThatCode(() -> hooks.unhandledError(new UnhandledError("ingest", "POST /tasks",
                new IllegalStateException("boom")))).doesNotThrowAnyException();

        assertThat(calls).containsExactly("a msg_1_t0", "b msg_1_t0", "a POST /tasks", "b POST /tasks");
    }

    @Test
    void shouldKeepCallingAHookThatThrewBefore() {
        List<String> seen = new ArrayList<>();
        TaskcastHooks flaky = new TaskcastHooks() {
            @Override
            public void onWebhookFailed(WebhookFailed failed) {
                seen.add(failed.deliveryId());
                if (seen.size() == 1) {
                    throw new IllegalStateException("first call fails");
                }
            }
        };
        HookDispatcher hooks = new HookDispatcher(List.of(flaky));

        hooks.webhookFailed(WEBHOOK_FAILED);
        hooks.webhookFailed(WEBHOOK_FAILED);

        assertThat(seen).hasSize(2);
    }

    @Test
    void shouldCallNothingWhenNoneAreRegistered() {
        assertThatCode(() -> HookDispatcher.none().taskFailed(new TaskFailed("t1", null, null, null, 0)))
                .doesNotThrowAnyException();
        assertThat(HookDispatcher.none().hooks()).isEmpty();
    }
}
