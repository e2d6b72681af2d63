package io.taskcast.kafka.platform.hooks;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The reporter turns each hook event into the report an error tracker gets (taskcast-extras.md §9). */
class ErrorReporterTest {

    private final List<ErrorReport> reports = new ArrayList<>();

    @Test
    void shouldReportAFailedTaskWithItsTagsAtErrorLevel() {
        HookDispatcher hooks = new HookDispatcher(List.of(new ErrorReporter(ErrorReporter.Options.ALL,
                reports::add)));

        hooks.taskFailed(new TaskFailed("t1", "llm.chat", "LLM_TIMEOUT", "model took too long", 1_000));

        assertThat(reports).containsExactly(new ErrorReport(ErrorReport.Level.ERROR,
                "Task failed [t1]: model took too long", Map.of("hook", "taskFailed", "taskId", "t1",
                "taskType", "llm.chat", "status", "failed", "errorCode", "LLM_TIMEOUT"), Map.of("failedAt", 1_000L,
                "error", Map.of("code", "LLM_TIMEOUT", "message", "model took too long")), null));
    }

    @Test
    void shouldReportAWebhookFailureAndAnUnhandledErrorWithItsException() {
        ErrorReporter reporter = new ErrorReporter(ErrorReporter.Options.ALL, reports::add);
        IllegalStateException boom = new IllegalStateException("boom");

        reporter.onWebhookFailed(new WebhookFailed("t1", "msg_e1_t0", "t0", "https://u:pw@hooks.example.com/h?token=x",
                "e1", "llm.delta", 4, WebhookFailed.Cause.ATTEMPTS_EXHAUSTED, "HTTP 500"));
        reporter.onUnhandledError(new UnhandledError("processor", "processor stream thread", boom));

        assertThat(reports).extracting(ErrorReport::message)
                .containsExactly("Webhook delivery failed: HTTP 500", "Unhandled error in processor stream thread");
        assertThat(reports.get(0).tags()).containsEntry("cause", "ATTEMPTS_EXHAUSTED").containsEntry("taskId", "t1")
                .containsEntry("webhookUrl", "https://hooks.example.com/h");
        assertThat(reports.get(0).toString()).doesNotContain("pw").doesNotContain("token");
        assertThat(reports.get(1).error()).isSameAs(boom);
    }

    @Test
    void shouldSkipTheKindsSwitchedOff() {
        ErrorReporter reporter = new ErrorReporter(new ErrorReporter.Options(true, true, false,
                true, true), reports::add);

        reporter.onEventDropped(new EventDropped("t1", "e1", 3, "llm.delta", EventDropped.Reason.SUBSCRIBER_TOO_SLOW,
                "the stream of task t1 fell more than 1024 events behind"));

        assertThat(reports).isEmpty();
    }
}
