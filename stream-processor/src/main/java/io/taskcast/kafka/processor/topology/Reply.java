package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.schemas.command.CommandResult;
import io.taskcast.kafka.schemas.json.Json;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StreamPartitioner;

import java.util.Optional;
import java.util.Set;

/** A command result on its way to the partition its requester reads; only the result is written. */
record Reply(ReplyAddress address, CommandResult result) {

    static Serializer<Reply> serializer() {
        return (topic, reply) -> Json.toBytes(reply.result());
    }

    /** Honours the requested partition when it exists; otherwise Kafka's default partitioning. */
    static StreamPartitioner<String, Reply> partitioner() {
        return new StreamPartitioner<>() {
            @Override
            public Optional<Set<Integer>> partitions(String topic, String key, Reply reply, int numPartitions) {
                Integer p = reply.address().partition();
                return p != null && p >= 0 && p < numPartitions ? Optional.of(Set.of(p)) : Optional.empty();
            }
        };
    }
}
