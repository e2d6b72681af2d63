package io.taskcast.kafka.schemas.topic;

import org.apache.kafka.common.serialization.Serde;

/** A topic's full name with the serdes of its keys and values. */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
