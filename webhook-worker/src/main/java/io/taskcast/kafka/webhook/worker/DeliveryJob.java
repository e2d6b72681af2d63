package io.taskcast.kafka.webhook.worker;

import io.taskcast.kafka.schemas.webhook.WebhookDelivery;
import org.apache.kafka.common.TopicPartition;

/** A delivery record read from a partition, until it is delivered, rescheduled or dead-lettered. */
record DeliveryJob(TopicPartition partition, long offset, WebhookDelivery delivery) {

    /** Where its receiver is: deliveries to one authority share that receiver's concurrency limit. */
    String receiver() {
        return delivery.webhook().url().getScheme() + "://" + delivery.webhook().url().getAuthority();
    }
}
