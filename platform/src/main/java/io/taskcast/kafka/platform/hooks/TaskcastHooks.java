package io.taskcast.kafka.platform.hooks;

/**
 * Taskcast's hook points, for error trackers and alerting (a Sentry reporter, a pager, a counter).
 * Implement the methods you need; the others do nothing. Register an implementation as a Spring
 * bean, or list it in {@code META-INF/services/io.taskcast.kafka.platform.hooks.TaskcastHooks} of a
 * jar on the class path (see the README, "Hooks"); every registered hook is called.
 *
 * <p>Delivery semantics, honestly:
 * <ul>
 *   <li>A hook runs in the process of the role that observes the event, on that role's own thread
 *       (the processor's stream thread, the gateway's live consumer, a webhook sender thread). It
 *       must return quickly and never block: hand slow work (network calls) to your own executor,
 *       as error-tracker SDKs do with their send queues.</li>
 *   <li>A hook that throws is logged once at WARN and otherwise ignored: it never stops the other
 *       hooks or the pipeline.</li>
 *   <li>{@link #onTaskFailed} and {@link #onTaskTimeout} are called by the processor when it applies
 *       the change, before its Kafka transaction commits. A retried transaction (a processor thread
 *       replaced, an instance killed, a rebalance) applies the same command again, so they are
 *       <b>at least once</b>: deduplicate by task id if it matters. Processing is deterministic, so
 *       a change a hook saw is the change that commits.</li>
 *   <li>{@link #onWebhookFailed} is called once the dead letter is written; a worker killed right
 *       after may dead-letter the delivery again after restart (at least once).</li>
 *   <li>{@link #onEventDropped} and {@link #onUnhandledError} are best effort: called once per
 *       occurrence in the process that sees it, nothing is recorded to call them again.</li>
 * </ul>
 * Records carry ids, types, statuses and reasons, never secrets, task parameters or event data.
 */
public interface TaskcastHooks {

    /** A task reached status {@code failed}. */
    default void onTaskFailed(TaskFailed failed) {
    }

    /** A task reached status {@code timeout} (its TTL ran out, or a client set it). */
    default void onTaskTimeout(TaskTimedOut timedOut) {
    }

    /** An event was not delivered to a subscriber of this process. */
    default void onEventDropped(EventDropped dropped) {
    }

    /** A webhook delivery was given up: attempts exhausted, or the target refused without sending. */
    default void onWebhookFailed(WebhookFailed failed) {
    }

    /** An error nothing else handled: a failed processor thread, a 500 answer, a stopped worker. */
    default void onUnhandledError(UnhandledError error) {
    }
}
