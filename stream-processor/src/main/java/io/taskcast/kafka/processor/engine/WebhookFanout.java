package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.webhook.RetryPolicy;
import io.taskcast.kafka.schemas.webhook.WebhookConfig;
import io.taskcast.kafka.schemas.webhook.WebhookConfigs;
import io.taskcast.kafka.schemas.webhook.WebhookDelivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One delivery per (event × webhook whose filter lets it through): the task's own webhooks, then
 * the configured global ones. Each webhook numbers the events it receives ({@code filteredIndex})
 * with a counter kept in the task's state, so the numbering survives restarts and a retried
 * transaction produces the same deliveries.
 */
public final class WebhookFanout {

    private final List<WebhookConfig> global;

    public WebhookFanout(List<WebhookConfig> global) {
        this.global = List.copyOf(global);
    }

    public static WebhookFanout none() {
        return new WebhookFanout(List.of());
    }

    /** The deliveries of {@code records} in event order, then webhook order, and the state with the new counts. */
    public Fanout fanOut(TaskState next, List<EventRecord> records) {
        Map<String, WebhookConfig> hooks = webhooks(next.task());
        if (hooks.isEmpty() || records.isEmpty()) {
            return new Fanout(next, List.of());
        }
        Map<String, Long> counts = new HashMap<>(next.webhookCounts());
        List<WebhookDelivery> deliveries = new ArrayList<>();
        for (EventRecord record : records) {
            TaskEvent event = record.event();
            hooks.forEach((key, webhook) -> {
                if (webhook.matches(event)) {
                    long filteredIndex = counts.getOrDefault(key, 0L);
                    deliveries.add(WebhookDelivery.first(key, webhook, event, filteredIndex));
                    counts.put(key, filteredIndex + 1);
                }
            });
        }
        return new Fanout(next.withWebhookCounts(counts), List.copyOf(deliveries));
    }

    private Map<String, WebhookConfig> webhooks(Task task) {
        Map<String, WebhookConfig> hooks = new LinkedHashMap<>();
        List<WebhookConfig> own = own(task);
        for (int i = 0; i < own.size(); i++) {
            hooks.put("t" + i, own.get(i));
        }
        for (int i = 0; i < global.size(); i++) {
            hooks.put("g" + i, global.get(i));
        }
        return hooks;
    }

    /** Validated when the task was created; a task that somehow holds bad webhooks has none. */
    private static List<WebhookConfig> own(Task task) {
        if (task.webhooks() == null || task.webhooks().isNull()) {
            return List.of();
        }
        try {
            return WebhookConfigs.parseAll(task.webhooks(), RetryPolicy.DEFAULTS);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    /** @param next the state with the webhooks' counters advanced */
    public record Fanout(TaskState next, List<WebhookDelivery> deliveries) {
    }
}
