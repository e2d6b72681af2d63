package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.schemas.topic.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/** Builds reply records: keyed by command id, carrying the requester's correlation header. */
final class Replies {

    private Replies() {
    }

    static <K> Record<K, Object> record(Reply reply, long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.CORRELATION_ID, reply.address().correlationId());
        @SuppressWarnings("unchecked")
        K key = (K) reply.result().commandId();
        return new Record<>(key, reply, timestamp, headers);
    }
}
