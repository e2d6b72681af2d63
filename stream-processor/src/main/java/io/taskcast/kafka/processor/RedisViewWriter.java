package io.taskcast.kafka.processor;

import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.processor.topology.ViewWriter;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;

import java.util.List;

/** Writes the processor's changes to the Redis view that the API and gateway read. */
public final class RedisViewWriter implements ViewWriter {

    private final RedisTaskViews views;

    public RedisViewWriter(RedisTaskViews views) {
        this.views = views;
    }

    @Override
    public void write(Task task, List<EventRecord> events) {
        views.apply(task, events);
    }

    @Override
    public void cleanUp(TaskCleanup cleanup) {
        views.cleanUp(cleanup);
    }
}
