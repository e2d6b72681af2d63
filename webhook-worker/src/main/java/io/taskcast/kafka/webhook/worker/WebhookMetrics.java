package io.taskcast.kafka.webhook.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.taskcast.kafka.webhook.DeliveryOutcome;

import java.util.Locale;

/**
 * The worker's meters: {@code taskcast.webhook.attempts} (by outcome), the attempts' duration, and
 * {@code taskcast.webhook.deliveries} by how each delivery ended (delivered, retried, dead).
 */
final class WebhookMetrics {

    private final MeterRegistry registry;
    private final Timer duration;

    WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duration = Timer.builder("taskcast.webhook.attempt.duration")
                .description("Time of one webhook attempt, address check included").register(registry);
    }

    void attempted(DeliveryOutcome outcome) {
        Counter.builder("taskcast.webhook.attempts").description("Webhook attempts by outcome")
                .tag("outcome", outcome.kind().name().toLowerCase(Locale.ROOT)).register(registry).increment();
        duration.record(outcome.duration());
    }

    void delivered() {
        ended("delivered");
    }

    void retried() {
        ended("retried");
    }

    void dead() {
        ended("dead");
    }

    private void ended(String how) {
        Counter.builder("taskcast.webhook.deliveries").description("Webhook deliveries by how an attempt ended")
                .tag("result", how).register(registry).increment();
    }

    /** For tests and the README: the count of one attempt outcome so far. */
    double attempts(DeliveryOutcome.Kind kind) {
        Counter counter = registry.find("taskcast.webhook.attempts")
                .tag("outcome", kind.name().toLowerCase(Locale.ROOT)).counter();
        return counter == null ? 0 : counter.count();
    }
}
