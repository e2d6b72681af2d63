package io.taskcast.kafka.systemtests.hooks;

import io.taskcast.kafka.platform.hooks.EventDropped;
import io.taskcast.kafka.platform.hooks.HookDispatcher;
import io.taskcast.kafka.platform.hooks.TaskFailed;
import io.taskcast.kafka.platform.hooks.UnhandledError;
import io.taskcast.kafka.platform.hooks.WebhookFailed;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The example reporter turns each hook event into the report an error tracker would get. */
class LoggingErrorReporterTest {

    private final List<ErrorReport> reports = new ArrayList<>();

    @Test
    void shouldReportAFailedTaskWithItsTagsAtErrorLevel() {
        HookDispatcher hooks = new HookDispatcher(List.of(new LoggingErrorReporter(LoggingErrorReporter.Options.ALL,
                reports::add)));

        hooks.taskFailed(new TaskFailed("t1", "llm.chat", "LLM_TIMEOUT", "model took too long", 1_000));

        assertThat(reports).containsExactly(new ErrorReport(ErrorReport.Level.ERROR,
                "Task failed: model took too long", Map.of("hook", "taskFailed", "taskId", "t1",
                "taskType", "llm.chat", "status", "failed", "errorCode", "LLM_TIMEOUT"), Map.of("failedAt", 1_000L),
                null));
    }

    @Test
    void shouldReportAWebhookFailureAndAnUnhandledErrorWithItsException() {
        LoggingErrorReporter reporter = new LoggingErrorReporter(LoggingErrorReporter.Options.ALL, reports::add);
        IllegalStateException boom = new IllegalStateException("boom");

        reporter.onWebhookFailed(new WebhookFailed("t1", "msg_e1_t0", "t0", "https://hooks.example.com/", "e1",
                "llm.delta", 4, WebhookFailed.Cause.ATTEMPTS_EXHAUSTED, "HTTP 500"));
        reporter.onUnhandledError(new UnhandledError("processor", "processor stream thread", boom));

        assertThat(reports).extracting(ErrorReport::message)
                .containsExactly("Webhook delivery failed: HTTP 500", "Unhandled error in processor stream thread");
        assertThat(reports.get(0).tags()).containsEntry("cause", "ATTEMPTS_EXHAUSTED").containsEntry("taskId", "t1");
        assertThat(reports.get(1).error()).isSameAs(boom);
    }

    @Test
    void shouldSkipTheKindsSwitchedOff() {
        LoggingErrorReporter reporter = new LoggingErrorReporter(new LoggingErrorReporter.Options(true, true, false,
                true, true), reports::add);

        reporter.onEventDropped(new EventDropped("t1", "e1", 3, "llm.delta", EventDropped.Reason.SUBSCRIBER_TOO_SLOW,
                "the stream of task t1 fell more than 1024 events behind"));

        assertThat(reports).isEmpty();
    }
}
