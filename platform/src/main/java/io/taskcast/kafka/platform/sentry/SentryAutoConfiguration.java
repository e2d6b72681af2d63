package io.taskcast.kafka.platform.sentry;

import io.sentry.ScopeCallback;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.protocol.Message;
import io.sentry.protocol.SentryException;
import io.taskcast.kafka.platform.BuildInfo;
import io.taskcast.kafka.platform.auth.AuthProperties;
import io.taskcast.kafka.platform.config.TaskcastProperties;
import io.taskcast.kafka.platform.hooks.ErrorReport;
import io.taskcast.kafka.platform.hooks.ErrorReporter;
import io.taskcast.kafka.platform.postgres.PostgresUrl;
import io.taskcast.kafka.schemas.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sends the hook points to Sentry through its official Java SDK when {@code taskcast.sentry.dsn}
 * ({@code SENTRY_DSN}) is set: one event per report of {@link ErrorReporter}, each kind switchable.
 * The SDK queues and sends on its own thread, so the hooks never block. Nothing personal is sent
 * ({@code sendDefaultPii} off), and before an event leaves, every configured secret this process
 * knows (the JWT secret, the trusted services' keys, the Redis and Postgres passwords) is blanked
 * from its message and exception texts.
 */
@AutoConfiguration
@ConditionalOnProperty("taskcast.sentry.dsn")
@EnableConfigurationProperties(SentryProperties.class)
public class SentryAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SentryAutoConfiguration.class);

    @Bean(destroyMethod = "")
    ErrorReporter sentryReporter(SentryProperties sentry, ObjectProvider<TaskcastProperties> taskcast,
                                 ObjectProvider<AuthProperties> auth) {
        List<String> secrets = secrets(taskcast.getIfAvailable(), auth.getIfAvailable());
        Sentry.init(options -> {
            options.setDsn(sentry.dsn());
            options.setRelease("taskcast@" + BuildInfo.version());
            options.setEnvironment(sentry.environment());
            options.setSendDefaultPii(false);
            // Errors reach Sentry through the hooks (onUnhandledError), once, not also from the SDK's handler.
            options.setEnableUncaughtExceptionHandler(false);
            options.setBeforeSend((event, hint) -> scrub(event, secrets));
        });
        log.info("Sentry reports on ({}; environment {})", sentry, sentry.environment() == null ? "none"
                : sentry.environment());
        return new ErrorReporter(new ErrorReporter.Options(sentry.captureTaskFailures(), sentry.captureTaskTimeouts(),
                sentry.captureDroppedEvents(), sentry.captureWebhookFailures(), sentry.captureUnhandledErrors()),
                SentryAutoConfiguration::send);
    }

    /** Sends what is queued (bounded by the SDK's shutdown timeout) when the application stops. */
    @Bean(destroyMethod = "close")
    AutoCloseable sentryShutdown(ErrorReporter sentryReporter) {
        return Sentry::close;
    }

    static void send(ErrorReport report) {
        SentryLevel level = report.level() == ErrorReport.Level.ERROR ? SentryLevel.ERROR : SentryLevel.WARNING;
        ScopeCallback scope = s -> {
            report.tags().forEach(s::setTag);
            report.extra().forEach((key, value) -> s.setExtra(key, value instanceof String text ? text
                    : Json.toString(value)));
        };
        if (report.error() != null) {
            SentryEvent event = new SentryEvent(report.error());
            Message message = new Message();
            message.setFormatted(report.message());
            event.setMessage(message);
            event.setLevel(level);
            Sentry.captureEvent(event, scope);
        } else {
            Sentry.captureMessage(report.message(), level, scope);
        }
    }

    private static SentryEvent scrub(SentryEvent event, List<String> secrets) {
        if (event.getMessage() != null && event.getMessage().getFormatted() != null) {
            event.getMessage().setFormatted(blank(event.getMessage().getFormatted(), secrets));
        }
        if (event.getExceptions() != null) {
            for (SentryException exception : event.getExceptions()) {
                if (exception.getValue() != null) {
                    exception.setValue(blank(exception.getValue(), secrets));
                }
            }
        }
        return event;
    }

    static String blank(String text, List<String> secrets) {
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, "[secret]");
        }
        return result;
    }

    /** The secrets of this process's settings, longest first so that one inside another goes whole. */
    static List<String> secrets(TaskcastProperties taskcast, AuthProperties auth) {
        List<String> secrets = new ArrayList<>();
        if (auth != null) {
            secrets.add(auth.jwt().secret());
            auth.trustedServices().forEach(service -> secrets.add(service.key()));
        }
        if (taskcast != null) {
            if (taskcast.postgres() != null && taskcast.postgres().url() != null) {
                secrets.add(PostgresUrl.parse(taskcast.postgres().url()).password());
            }
            if (taskcast.redis() != null && taskcast.redis().url() != null) {
                String userInfo = URI.create(taskcast.redis().url()).getUserInfo();
                secrets.add(userInfo == null ? null : userInfo.substring(userInfo.indexOf(':') + 1));
            }
        }
        return secrets.stream().filter(Objects::nonNull).filter(s -> s.length() >= 4).distinct()
                .sorted((a, b) -> b.length() - a.length()).toList();
    }
}
