package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.platform.redis.ViewChange;
import io.taskcast.kafka.schemas.cleanup.TaskCleanup;

/** A view writer that writes nothing, for topology tests that look only at the topics. */
final class NoViews implements ViewWriter {

    @Override
    public void write(ViewChange change) {
    }

    @Override
    public void cleanUp(TaskCleanup cleanup) {
    }

    @Override
    public void release(String taskId) {
    }
}
