package io.taskcast.kafka.webhook.worker;

import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.webhook.WebhookConfig;
import io.taskcast.kafka.schemas.webhook.WebhookDelivery;
import io.taskcast.kafka.webhook.DeliveryOutcome;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Deliveries run when due, at most N per receiver, and one receiver's backlog never holds up another. */
class DeliveryDispatcherTest {

    private static final DeliveryOutcome OK = new DeliveryOutcome(DeliveryOutcome.Kind.DELIVERED, 200, null, Duration.ZERO);

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger inFlightAtSlow = new AtomicInteger();
    private final AtomicInteger maxInFlightAtSlow = new AtomicInteger();
    private final List<String> completed = new CopyOnWriteArrayList<>();
    private final Set<Long> startedAt = ConcurrentHashMap.newKeySet();
    private DeliveryDispatcher dispatcher;

    @AfterEach
    void stop() {
        release.countDown();
        dispatcher.close();
    }

    @Test
    void shouldBoundEachReceiverAndLetOthersPass() {
        // given a dispatcher allowing 2 attempts per receiver, where slow.example blocks until released
        dispatcher = new DeliveryDispatcher(job -> {
            if (job.receiver().contains("slow")) {
                maxInFlightAtSlow.accumulateAndGet(inFlightAtSlow.incrementAndGet(), Math::max);
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inFlightAtSlow.decrementAndGet();
            }
            return OK;
        }, (job, outcome) -> completed.add(job.delivery().deliveryId()), 2, 16, Clock.systemUTC());

        // when 6 deliveries for the slow receiver and 3 for a fast one are submitted, slow first
        for (int i = 0; i < 6; i++) {
            dispatcher.submit(job("http://slow.example/x", "slow-" + i, 0));
        }
        for (int i = 0; i < 3; i++) {
            dispatcher.submit(job("http://fast.example/y", "fast-" + i, 0));
        }

        // then the fast ones finish while the slow receiver never has more than 2 in flight
        await().atMost(Duration.ofSeconds(10)).until(() -> completed.size() == 3);
        assertThat(completed).containsExactlyInAnyOrder("fast-0", "fast-1", "fast-2");
        assertThat(maxInFlightAtSlow.get()).isEqualTo(2);

        // and once released, every slow one is sent
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> completed.size() == 9);
        assertThat(maxInFlightAtSlow.get()).isEqualTo(2);
    }

    @Test
    void shouldRunADeliveryNoSoonerThanItIsDue() {
        long due = System.currentTimeMillis() + 300;
        dispatcher = new DeliveryDispatcher(job -> {
            startedAt.add(System.currentTimeMillis());
            return OK;
        }, (job, outcome) -> completed.add(job.delivery().deliveryId()), 2, 2, Clock.systemUTC());

        dispatcher.submit(job("http://a.example/", "later", due));

        await().atMost(Duration.ofSeconds(10)).until(() -> completed.size() == 1);
        assertThat(startedAt).allSatisfy(at -> assertThat(at).isGreaterThanOrEqualTo(due));
    }

    private static DeliveryJob job(String url, String id, long dueAt) {
        TaskEvent event = new TaskEvent("01J0000000000000000000000E", "t", 0, 0, "x", Level.INFO, null, null, null,
                null, null);
        WebhookDelivery first = WebhookDelivery.first("t0", WebhookConfig.of(URI.create(url)), event, 0);
        WebhookDelivery delivery = new WebhookDelivery(id, "t", "t0", first.webhook(), event, 0, 1, dueAt);
        return new DeliveryJob(new TopicPartition("d", 0), 0, delivery);
    }
}
