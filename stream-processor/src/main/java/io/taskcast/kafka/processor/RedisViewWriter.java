package io.taskcast.kafka.processor;

import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.processor.topology.ViewWriter;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.EventRecord;

import java.util.List;

/** Writes the processor's changes to the Redis view that the API and gateway read. */
final class RedisViewWriter implements ViewWriter {

    private final RedisTaskViews views;

    RedisViewWriter(RedisTaskViews views) {
        this.views = views;
    }

    @Override
    public void write(Task task, List<EventRecord> events) {
        views.apply(task, events);
    }
}
