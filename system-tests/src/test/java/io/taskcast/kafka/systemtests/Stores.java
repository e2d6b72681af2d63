package io.taskcast.kafka.systemtests;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.postgres.ArchiveReads;
import io.taskcast.kafka.platform.postgres.ArchiveWrites;
import io.taskcast.kafka.platform.postgres.PostgresArchive;
import io.taskcast.kafka.platform.postgres.PostgresUrl;
import io.taskcast.kafka.platform.redis.RedisConnections;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.processor.engine.Cleanups;
import io.taskcast.kafka.processor.replay.ReplayProgress;
import io.taskcast.kafka.processor.replay.ReplayRequest;
import io.taskcast.kafka.processor.replay.ReplayTarget;
import io.taskcast.kafka.processor.replay.ViewReplayer;
import io.taskcast.kafka.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import redis.clients.jedis.RedisClient;

import java.time.Clock;
import java.util.Map;

/**
 * The two views of the embedded stack, read and written directly: Redis (unguarded) and the
 * Postgres archive; and a replay of a shared app's log into both, as {@code taskcast replay} does.
 */
record Stores(EmbeddedStack stack, RedisClient redis, RedisTaskViews views, PostgresArchive archive,
              ArchiveReads archived) implements AutoCloseable {

    static Stores open(EmbeddedStack stack) {
        RedisClient redis = RedisConnections.open(stack.redisUrl());
        PostgresArchive archive = new PostgresArchive(PostgresUrl.parse(stack.postgresUrl()));
        return new Stores(stack, redis, new RedisTaskViews(redis, null), archive, new ArchiveReads(archive));
    }

    ArchiveWrites writes() {
        return new ArchiveWrites(archive);
    }

    /** Replays the log of the app with this topic prefix into both views; {@code taskId} null = every task. */
    void replay(String topicPrefix, String taskId, Cleanups cleanups) {
        Map<String, Object> config = ViewReplayer.consumerConfig(stack.kafkaBootstrapServers());
        ViewReplayer.of(() -> new KafkaConsumer<>(config), views, null, writes(), cleanups, Clock.systemUTC())
                .replay(new ReplayRequest(Topics.withPrefix(topicPrefix), ReplayTarget.ALL, null, taskId),
                        ReplayProgress.SILENT);
    }

    @Override
    public void close() {
        redis.close();
        archive.close();
    }
}
