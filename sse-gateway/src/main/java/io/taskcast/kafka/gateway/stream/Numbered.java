package io.taskcast.kafka.gateway.stream;

import io.taskcast.kafka.schemas.TaskEvent;

/** An event to send, with its position among the events that pass the subscription's filter. */
record Numbered(TaskEvent event, long filteredIndex) {
}
