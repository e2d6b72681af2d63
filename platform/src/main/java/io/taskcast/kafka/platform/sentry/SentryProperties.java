package io.taskcast.kafka.platform.sentry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Error reports to Sentry (taskcast-extras.md §9), off until a DSN is given. {@code toString}
 * never shows the DSN, whose key is a credential.
 *
 * @param dsn                    the project's DSN ({@code SENTRY_DSN}); empty: no reports
 * @param environment            the environment reports are filed under, e.g. {@code production}
 * @param captureTaskFailures    report tasks that reach {@code failed}
 * @param captureTaskTimeouts    report tasks that reach {@code timeout}
 * @param captureDroppedEvents   report events not delivered to a subscriber
 * @param captureWebhookFailures report webhook deliveries given up
 * @param captureUnhandledErrors report errors nothing else handled
 */
@ConfigurationProperties("taskcast.sentry")
public record SentryProperties(String dsn, String environment,
                               @DefaultValue("true") boolean captureTaskFailures,
                               @DefaultValue("true") boolean captureTaskTimeouts,
                               @DefaultValue("true") boolean captureDroppedEvents,
                               @DefaultValue("true") boolean captureWebhookFailures,
                               @DefaultValue("true") boolean captureUnhandledErrors) {

    public SentryProperties {
        dsn = dsn == null || dsn.isBlank() ? null : dsn.trim();
        environment = environment == null || environment.isBlank() ? null : environment.trim();
    }

    @Override
    public String toString() {
        return "SentryProperties[dsn=" + (dsn == null ? "none" : "(set)") + ", environment=" + environment
                + ", captureTaskFailures=" + captureTaskFailures + ", captureTaskTimeouts=" + captureTaskTimeouts
                + ", captureDroppedEvents=" + captureDroppedEvents + ", captureWebhookFailures=" + captureWebhookFailures
                + ", captureUnhandledErrors=" + captureUnhandledErrors + "]";
    }
}
