package io.taskcast.kafka.schemas.webhook;

import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.filter.EventFilter;

import java.net.URI;
import java.util.Objects;

/**
 * One webhook of a task or of the global configuration (api.md §7), validated: {@link #url} is an
 * absolute http(s) URL, {@link #filter} and {@link #retry} are never null. Read one from JSON with
 * {@link WebhookConfigs}. Whether the URL may actually be called is the webhook worker's SSRF guard's decision,
 * made at send time because DNS answers change.
 *
 * @param secret null when requests go unsigned
 * @param wrap   true sends the SSE envelope with a per-webhook {@code filteredIndex}, false the bare event
 */
public record WebhookConfig(URI url, EventFilter filter, String secret, boolean wrap, RetryPolicy retry) {

    public WebhookConfig {
        Objects.requireNonNull(url, "url");
        filter = filter == null ? EventFilter.ALL : filter;
        retry = retry == null ? RetryPolicy.DEFAULTS : retry;
    }

    /** A webhook with every default: all events, unsigned, wrapped, default retries. */
    public static WebhookConfig of(URI url) {
        return new WebhookConfig(url, EventFilter.ALL, null, true, RetryPolicy.DEFAULTS);
    }

    public boolean matches(TaskEvent event) {
        return filter.matches(event);
    }

    /** Never prints the secret: configurations end up in logs and dead-letter reasons. */
    @Override
    public String toString() {
        return "WebhookConfig[url=" + url + ", filter=" + filter + ", secret=" + (secret == null ? "none" : "***")
                + ", wrap=" + wrap + ", retry=" + retry + "]";
    }
}
