package io.taskcast.kafka.systemtests.hooks;

import io.taskcast.kafka.platform.hooks.EventDropped;
import io.taskcast.kafka.platform.hooks.TaskFailed;
import io.taskcast.kafka.platform.hooks.TaskTimedOut;
import io.taskcast.kafka.platform.hooks.TaskcastHooks;
import io.taskcast.kafka.platform.hooks.UnhandledError;
import io.taskcast.kafka.platform.hooks.WebhookFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An example hook in the manner of Taskcast's Sentry package: each hook point becomes one error
 * report with a message, searchable tags (task id, type, status, …) and a level, and each kind can
 * be switched off. Reports go to a {@link Consumer}: here a log line, in production a small adapter
 * around an error tracker's client (see the README, "Hooks", for a Sentry one). Not registered by
 * default; a jar that lists it (or its own copy) in {@code META-INF/services} turns it on.
 */
public class LoggingErrorReporter implements TaskcastHooks {

    private static final Logger log = LoggerFactory.getLogger(LoggingErrorReporter.class);

    /** Which hook points to report; all by default, as in Taskcast's Sentry package. */
    public record Options(boolean taskFailures, boolean taskTimeouts, boolean droppedEvents, boolean webhookFailures,
                          boolean unhandledErrors) {
        public static final Options ALL = new Options(true, true, true, true, true);
    }

    private final Options options;
    private final Consumer<ErrorReport> sink;

    /** For ServiceLoader: every kind, to the log. */
    public LoggingErrorReporter() {
        this(Options.ALL, LoggingErrorReporter::log);
    }

    public LoggingErrorReporter(Options options, Consumer<ErrorReport> sink) {
        this.options = options;
        this.sink = sink;
    }

    @Override
    public void onTaskFailed(TaskFailed failed) {
        if (options.taskFailures()) {
            String what = failed.errorMessage() == null ? "" : ": " + failed.errorMessage();
            sink.accept(new ErrorReport(ErrorReport.Level.ERROR, "Task failed" + what,
                    taskTags(failed.taskId(), failed.taskType(), "failed", "errorCode", failed.errorCode()),
                    Map.of("failedAt", failed.failedAt()), null));
        }
    }

    @Override
    public void onTaskTimeout(TaskTimedOut timedOut) {
        if (options.taskTimeouts()) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("timedOutAt", timedOut.timedOutAt());
            if (timedOut.ttlSeconds() != null) {
                extra.put("ttlSeconds", timedOut.ttlSeconds());
            }
            sink.accept(new ErrorReport(ErrorReport.Level.WARNING, "Task timed out",
                    taskTags(timedOut.taskId(), timedOut.taskType(), "timeout", null, null), extra, null));
        }
    }

    @Override
    public void onEventDropped(EventDropped dropped) {
        if (options.droppedEvents()) {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("hook", "eventDropped");
            tags.put("reason", dropped.reason().name());
            putIfSet(tags, "taskId", dropped.taskId());
            putIfSet(tags, "eventType", dropped.eventType());
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("detail", dropped.detail());
            if (dropped.eventId() != null) {
                extra.put("eventId", dropped.eventId());
                extra.put("eventIndex", dropped.eventIndex());
            }
            sink.accept(new ErrorReport(ErrorReport.Level.WARNING, "Event dropped", tags, extra, null));
        }
    }

    @Override
    public void onWebhookFailed(WebhookFailed failed) {
        if (options.webhookFailures()) {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("hook", "webhookFailed");
            tags.put("taskId", failed.taskId());
            tags.put("webhookKey", failed.webhookKey());
            tags.put("cause", failed.cause().name());
            sink.accept(new ErrorReport(ErrorReport.Level.ERROR, "Webhook delivery failed: " + failed.reason(), tags,
                    Map.of("url", failed.url(), "deliveryId", failed.deliveryId(), "eventId", failed.eventId(),
                            "eventType", failed.eventType(), "attempts", failed.attempts()), null));
        }
    }

    @Override
    public void onUnhandledError(UnhandledError error) {
        if (options.unhandledErrors()) {
            sink.accept(new ErrorReport(ErrorReport.Level.ERROR, "Unhandled error in " + error.context(),
                    Map.of("hook", "unhandledError", "role", error.role()), Map.of(), error.error()));
        }
    }

    private static Map<String, String> taskTags(String taskId, String taskType, String status, String key,
                                                String value) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("hook", "failed".equals(status) ? "taskFailed" : "taskTimeout");
        tags.put("taskId", taskId);
        putIfSet(tags, "taskType", taskType);
        tags.put("status", status);
        putIfSet(tags, key, value);
        return tags;
    }

    private static void putIfSet(Map<String, String> tags, String key, String value) {
        if (key != null && value != null) {
            tags.put(key, value);
        }
    }

    private static void log(ErrorReport report) {
        if (report.level() == ErrorReport.Level.ERROR) {
            log.error("{} tags={} extra={}", report.message(), report.tags(), report.extra(), report.error());
        } else {
            log.warn("{} tags={} extra={}", report.message(), report.tags(), report.extra(), report.error());
        }
    }
}
