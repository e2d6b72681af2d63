package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.processor.engine.TaskState;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.topic.Topics;
import io.taskcast.kafka.schemas.webhook.WebhookDelivery;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Measures every record an accepted command would write (its state, the task snapshot, each event,
 * each webhook delivery, the reply) before anything is stored or sent. Kafka refuses a record above
 * its message limit, and a refused record fails the whole transaction, which Kafka Streams retries
 * with the same command for ever: the partition would stop. A command that would write such a
 * record is refused instead, with a message saying which record and how large.
 */
final class RecordLimit {

    private final int maxBytes;

    RecordLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    static RecordLimit kafkaDefault() {
        return new RecordLimit(Topics.RECORD_MAX_BYTES);
    }

    /** Why the command's outputs cannot be written, or empty when every one of them fits. */
    Optional<String> problem(String key, TaskState state, Effects effects) {
        int keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
        long size = keyBytes + sizeOf(effects.task());
        if (size > maxBytes) {
            return Optional.of(tooLarge("The task", size));
        }
        for (EventRecord record : effects.events()) {
            size = keyBytes + sizeOf(record);
            if (size > maxBytes) {
                return Optional.of(tooLarge(describe(record), size));
            }
        }
        for (WebhookDelivery delivery : effects.deliveries()) {
            size = keyBytes + sizeOf(delivery);
            if (size > maxBytes) {
                return Optional.of(tooLarge("A webhook delivery of event '" + delivery.event().type() + "'", size));
            }
        }
        size = keyBytes + sizeOf(state);
        if (size > maxBytes) {
            return Optional.of(tooLarge("The task's stored state (the task and the running value of each series)", size));
        }
        if (effects.reply().isPresent()) {
            size = keyBytes + sizeOf(effects.reply().get().result());
            if (size > maxBytes) {
                return Optional.of(tooLarge("The reply (the task and its new events)", size));
            }
        }
        return Optional.empty();
    }

    private static String describe(EventRecord record) {
        TaskEvent event = record.event();
        if (record.accumulated() != null) {
            return "Event '" + event.type() + "' of series '" + event.seriesId()
                    + "' (its delta and the series' running value)";
        }
        return "Event '" + event.type() + "'";
    }

    private String tooLarge(String what, long size) {
        return String.format(Locale.ROOT, "%s would be a %,d-byte record, above the %,d-byte limit of a Kafka record;"
                + " the command was not applied", what, size, maxBytes);
    }

    private static long sizeOf(Object value) {
        Counter counter = new Counter();
        Json.mapper().writeValue(counter, value);
        return counter.count;
    }

    /** Counts what Jackson writes and keeps none of it. */
    private static final class Counter extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
