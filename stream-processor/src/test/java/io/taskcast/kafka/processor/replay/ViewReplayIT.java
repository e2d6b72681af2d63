package io.taskcast.kafka.processor.replay;

import io.taskcast.kafka.embedded.EmbeddedStack;
import io.taskcast.kafka.platform.redis.RedisConnections;
import io.taskcast.kafka.platform.redis.RedisKeys;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CreateTask;
import io.taskcast.kafka.schemas.command.EventInput;
import io.taskcast.kafka.schemas.command.PublishEvents;
import io.taskcast.kafka.schemas.command.TransitionTask;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.testkit.EmbeddedStackExtension;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.Tuple;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis is a view of the topics (architecture invariant 7): after the real processor wrote it,
 * deleting a task's keys and replaying the topics brings every key back byte for byte.
 */
@ExtendWith(EmbeddedStackExtension.class)
class ViewReplayIT {

    private static RedisClient redis;
    private static RedisTaskViews views;
    private static ProcessorHarness processor;
    private static String bootstrapServers;
    private static List<String> tasks;

    @BeforeAll
    static void processTasks(EmbeddedStack stack, @TempDir Path stateDir) throws Exception {
        bootstrapServers = stack.kafkaBootstrapServers();
        redis = RedisConnections.open(stack.redisUrl());
        views = new RedisTaskViews(redis, null);
        processor = new ProcessorHarness(bootstrapServers, views, stateDir);
        String run = UUID.randomUUID().toString();
        tasks = IntStream.range(0, 4).mapToObj(i -> "replay-" + run + "-" + i).toList();
        for (int i = 0; i < tasks.size(); i++) {
            processor.send(commands(tasks.get(i), i % 2 == 0));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> tasks.stream().allMatch(ViewReplayIT::committed));
    }

    @AfterAll
    static void stop() {
        processor.close();
        redis.close();
    }

    @Test
    void shouldRebuildEveryRedisKeyOfEveryTaskIdentically() {
        Map<String, Map<String, Object>> before = snapshot(tasks);
        tasks.forEach(ViewReplayIT::delete);
        assertThat(views.findTask(tasks.get(0))).isEmpty();

        ReplaySummary summary = replayer().replay(request(null), ReplayProgress.SILENT);

        assertThat(snapshot(tasks)).isEqualTo(before);
        assertThat(summary.tasksWritten()).isEqualTo(tasks.size());
        assertThat(summary.skipped()).isZero();
    }

    @Test
    void shouldRebuildOnlyTheChosenTask() {
        String chosen = tasks.get(1);
        Map<String, Map<String, Object>> before = snapshot(tasks);
        tasks.forEach(ViewReplayIT::delete);

        ReplaySummary summary = replayer().replay(request(chosen), ReplayProgress.SILENT);

        assertThat(snapshot(List.of(chosen))).isEqualTo(Map.of(chosen, before.get(chosen)));
        tasks.stream().filter(id -> !id.equals(chosen))
                .forEach(id -> assertThat(redis.exists(RedisKeys.task(id))).as(id).isFalse());
        assertThat(summary.tasksWritten()).isEqualTo(1);
        // Restore the others for the next test, whatever order JUnit picks.
        replayer().replay(request(null), ReplayProgress.SILENT);
    }

    @Test
    void shouldConvergeWhenReplayedOverAnIntactView() {
        Map<String, Map<String, Object>> before = snapshot(tasks);

        replayer().replay(request(null), ReplayProgress.SILENT);

        assertThat(snapshot(tasks)).isEqualTo(before);
    }

    private static ViewReplayer replayer() {
        Map<String, Object> config = ViewReplayer.consumerConfig(bootstrapServers);
        return ViewReplayer.of(() -> new KafkaConsumer<>(config), views, null, null, Clock.systemUTC());
    }

    private static ReplayRequest request(String taskId) {
        return new ReplayRequest(processor.topics, ReplayTarget.REDIS, null, taskId);
    }

    /** Create, run, then plain, accumulate and latest events interleaved; every other task completes. */
    private static List<Command> commands(String taskId, boolean complete) {
        List<Command> commands = new ArrayList<>();
        commands.add(new CreateTask(id(), taskId, "replay-test", null, null, null, null, null, null, null));
        commands.add(transition(taskId, TaskStatus.RUNNING));
        for (int i = 0; i < 5; i++) {
            commands.add(new PublishEvents(id(), taskId, List.of(
                    new EventInput("log", Level.INFO, data("{\"line\":" + i + "}"), null, null, null),
                    new EventInput("text", Level.INFO, data("{\"delta\":\"chunk" + i + " \"}"), "out", SeriesMode.ACCUMULATE, null),
                    new EventInput("progress", Level.INFO, data("{\"percent\":" + (i * 20) + "}"), "p", SeriesMode.LATEST, null))));
        }
        if (complete) {
            commands.add(transition(taskId, TaskStatus.COMPLETED));
        }
        return commands;
    }

    private static TransitionTask transition(String taskId, TaskStatus status) {
        return new TransitionTask(id(), taskId, status, null, null, null, null, null, null);
    }

    private static JsonNode data(String json) {
        return Json.fromString(json, JsonNode.class);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    /** The processor wrote Redis before committing; replay reads only what is committed, so wait for that. */
    private static boolean committed(String taskId) {
        Task inRedis = views.findTask(taskId).orElse(null);
        if (inRedis == null || views.history(taskId).size() < 11) {
            return false;
        }
        Map<String, Object> config = ViewReplayer.consumerConfig(bootstrapServers);
        Map<String, Task> latest = new HashMap<>();
        try (Consumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            LogRange.capture(consumer, processor.topics.tasks().name(), null, taskId).read(consumer,
                    batch -> batch.stream().filter(r -> r.key().equals(taskId)).forEach(r -> latest.put(r.key(),
                            processor.topics.tasks().valueSerde().deserializer().deserialize(r.topic(), r.value()))),
                    done -> { });
        }
        return inRedis.equals(latest.get(taskId));
    }

    /** Every key of the task, as raw strings with scores, plus its entry in the global index. */
    private static Map<String, Map<String, Object>> snapshot(List<String> taskIds) {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>();
        for (String id : taskIds) {
            Map<String, Object> keys = new LinkedHashMap<>();
            keys.put("task", redis.get(RedisKeys.task(id)));
            keys.put("events", redis.zrangeWithScores(RedisKeys.events(id), 0, -1).stream()
                    .map(ViewReplayIT::scored).toList());
            keys.put("series", new TreeMap<>(redis.hgetAll(RedisKeys.series(id))));
            keys.put("index", redis.zscore(RedisKeys.taskIndex(), id));
            keys.put("ttl", List.of(redis.pttl(RedisKeys.task(id)), redis.pttl(RedisKeys.events(id))));
            all.put(id, keys);
        }
        return all;
    }

    private static String scored(Tuple tuple) {
        return tuple.getScore() + " " + tuple.getElement();
    }

    /** Only this test's keys: other test classes share the stack's Redis. */
    private static void delete(String taskId) {
        redis.del(RedisKeys.task(taskId), RedisKeys.events(taskId), RedisKeys.series(taskId));
        redis.zrem(RedisKeys.taskIndex(), taskId);
    }
}
