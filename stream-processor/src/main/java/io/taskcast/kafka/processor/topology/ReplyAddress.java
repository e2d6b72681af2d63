package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.schemas.topic.Headers;
import org.apache.kafka.common.header.Header;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Where a command wants its reply: the correlation id to echo and, optionally, the partition of the
 * results topic its sender reads. Read from spring-kafka's request/reply headers.
 */
record ReplyAddress(byte[] correlationId, Integer partition) {

    static Optional<ReplyAddress> from(org.apache.kafka.common.header.Headers headers) {
        Header correlation = headers.lastHeader(Headers.CORRELATION_ID);
        if (correlation == null || correlation.value() == null) {
            return Optional.empty();
        }
        Header partition = headers.lastHeader(Headers.REPLY_PARTITION);
        Integer p = partition != null && partition.value() != null && partition.value().length == 4
                ? ByteBuffer.wrap(partition.value()).getInt() : null;
        return Optional.of(new ReplyAddress(correlation.value(), p));
    }
}
