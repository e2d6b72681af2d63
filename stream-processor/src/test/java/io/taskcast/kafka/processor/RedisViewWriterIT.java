package io.taskcast.kafka.processor;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.redis.RedisConnections;
import io.taskcast.kafka.platform.redis.RedisKeys;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.platform.redis.RedisUnavailableException;
import io.taskcast.kafka.platform.redis.ViewChange;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The processor's view writer on a real Redis. Its records are held until it has written their
 * changes (ViewFirstProducer), so a failed write must keep the changes for the next flush: Kafka
 * Streams flushes a task it closes after the failure, and that flush would otherwise send the held
 * replies and events with their changes nowhere in the view.
 */
@ExtendWith(EmbeddedStackExtension.class)
class RedisViewWriterIT {

    @Test
    void shouldKeepTheChangesOfAFailedWriteAndWriteThemOnTheNextFlush(EmbeddedStack stack) {
        try (RedisClient redis = RedisConnections.open(stack.redisUrl())) {
            // given: a view whose marker is missing (Redis lost it), so a write fails
            String marker = "view-writer-it:" + UUID.randomUUID();
            RedisTaskViews views = new RedisTaskViews(redis, null, marker);
            RedisViewWriter writer = new RedisViewWriter(views);
            Task task = TaskBuilder.pending("writer-" + UUID.randomUUID(), 1_000L).build();
            writer.write(new ViewChange(task, List.of()));
            assertThatThrownBy(writer::flush).isInstanceOf(RedisUnavailableException.class);

            // when: the view is back (what the failed write put there anyway removed), and the writer flushes
            redis.del(RedisKeys.task(task.id()));
            redis.set(marker, "rebuilt");
            writer.flush();

            // then: the change is in the view
            assertThat(views.findTask(task.id())).contains(task);
        }
    }
}
