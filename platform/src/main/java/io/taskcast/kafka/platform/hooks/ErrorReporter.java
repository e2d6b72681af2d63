package io.taskcast.kafka.platform.hooks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Each hook point as one error report, in the manner of Taskcast's Sentry package
 * (taskcast-extras.md §9): a message, searchable tags (task id, status, error code, …), extras and a
 * level, each kind switchable. Reports go to a sink: the Sentry SDK when {@code taskcast.sentry.dsn}
 * is set ({@code SentryAutoConfiguration}), or the log for the no-argument constructor (for a jar
 * that lists this class in {@code META-INF/services}). No report holds a secret, a task's
 * parameters or an event's data; a webhook's URL loses its user info and query.
 */
public class ErrorReporter implements TaskcastHooks {

    private static final Logger log = LoggerFactory.getLogger(ErrorReporter.class);

    /** Which hook points to report; all by default, as in Taskcast's Sentry package. */
    public record Options(boolean taskFailures, boolean taskTimeouts, boolean droppedEvents, boolean webhookFailures,
                          boolean unhandledErrors) {
        public static final Options ALL = new Options(true, true, true, true, true);
    }

    private final Options options;
    private final Consumer<ErrorReport> sink;

    /** For ServiceLoader: every kind, to the log. */
    public ErrorReporter() {
        this(Options.ALL, ErrorReporter::log);
    }

    public ErrorReporter(Options options, Consumer<ErrorReport> sink) {
        this.options = options;
        this.sink = sink;
    }

    @Override
    public void onTaskFailed(TaskFailed failed) {
        if (options.taskFailures()) {
            String what = failed.errorMessage() == null ? "" : ": " + failed.errorMessage();
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("failedAt", failed.failedAt());
            if (failed.errorMessage() != null || failed.errorCode() != null) {
                Map<String, String> error = new LinkedHashMap<>();
                putIfSet(error, "code", failed.errorCode());
                putIfSet(error, "message", failed.errorMessage());
                extra.put("error", error);
            }
            sink.accept(new ErrorReport(ErrorReport.Level.ERROR, "Task failed [" + failed.taskId() + "]" + what,
                    taskTags(failed.taskId(), failed.taskType(), "failed", "errorCode", failed.errorCode()), extra,
                    null));
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
            sink.accept(new ErrorReport(ErrorReport.Level.WARNING, "Task timed out [" + timedOut.taskId() + "]",
                    taskTags(timedOut.taskId(), timedOut.taskType(), "timeout", null, null), extra, null));
        }
    }

    @Override
    public void onEventDropped(EventDropped dropped) {
        if (options.droppedEvents()) {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("hook", "eventDropped");
            putIfSet(tags, "taskId", dropped.taskId());
            putIfSet(tags, "eventType", dropped.eventType());
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("reason", dropped.reason().name());
            extra.put("detail", dropped.detail());
            if (dropped.eventId() != null) {
                extra.put("eventId", dropped.eventId());
                extra.put("eventIndex", dropped.eventIndex());
            }
            sink.accept(new ErrorReport(ErrorReport.Level.WARNING, "Event dropped"
                    + (dropped.taskId() == null ? "" : " [" + dropped.taskId() + "]"), tags, extra, null));
        }
    }

    @Override
    public void onWebhookFailed(WebhookFailed failed) {
        if (options.webhookFailures()) {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("hook", "webhookFailed");
            tags.put("taskId", failed.taskId());
            tags.put("webhookUrl", withoutSecrets(failed.url()));
            tags.put("webhookKey", failed.webhookKey());
            tags.put("cause", failed.cause().name());
            sink.accept(new ErrorReport(ErrorReport.Level.ERROR, "Webhook delivery failed: " + failed.reason(), tags,
                    Map.of("deliveryId", failed.deliveryId(), "eventId", failed.eventId(),
                            "eventType", failed.eventType(), "attempts", failed.attempts()), null));
        }
    }

    @Override
    public void onUnhandledError(UnhandledError error) {
        if (options.unhandledErrors()) {
            sink.accept(new ErrorReport(ErrorReport.Level.ERROR, "Unhandled error in " + error.context(),
                    Map.of("hook", "unhandledError", "operation", error.context(), "role", error.role()), Map.of(),
                    error.error()));
        }
    }

    /** Scheme, host, port and path: user info and query may hold credentials. */
    static String withoutSecrets(String url) {
        try {
            URI uri = URI.create(url);
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (Exception e) {
            return "(unreadable URL)";
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

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (key != null && value != null) {
            map.put(key, value);
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
