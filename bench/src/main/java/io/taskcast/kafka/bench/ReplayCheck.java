package io.taskcast.kafka.bench;

import io.taskcast.kafka.platform.postgres.ArchiveReads;
import io.taskcast.kafka.platform.redis.RedisKeys;
import io.taskcast.kafka.platform.redis.RedisTaskViews;
import io.taskcast.kafka.platform.redis.TaskHistory;
import io.taskcast.kafka.processor.replay.ReplaySummary;
import io.taskcast.kafka.processor.replay.ReplayTarget;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.json.Json;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Whether a replay rebuilt what was produced, so that a broken replay is reported instead of a
 * fast number: the replay's own counts, every task's status and history length in each view, and
 * for a few random tasks the whole history and series states, compared with the regenerated ones.
 */
final class ReplayCheck {

    private static final int SAMPLES = 3;
    private static final int MAX_PROBLEMS = 5;

    private final BenchViews views;
    private final BenchWorkload workload;
    private final Random random;

    ReplayCheck(BenchViews views, BenchWorkload workload, Random random) {
        this.views = views;
        this.workload = workload;
        this.random = random;
    }

    /** The problems found; empty when the views hold exactly what was produced. */
    List<String> check(ReplayTarget target, ReplaySummary summary) {
        List<String> problems = new ArrayList<>();
        expect(problems, "events written", workload.events(), summary.eventsWritten());
        expect(problems, "tasks written", workload.tasks(), summary.tasksWritten());
        expect(problems, "records skipped", 0, summary.skipped());
        List<Integer> samples = random.ints(0, workload.tasks()).limit(SAMPLES).boxed().toList();
        if (target.redis()) {
            checkRedisCounts(problems);
            RedisTaskViews redis = new RedisTaskViews(views.redis(), null);
            samples.forEach(task -> compare(problems, "redis", task, redis.historyWithSeriesStates(workload.taskId(task))));
        }
        if (target.postgres()) {
            checkPostgresCounts(problems);
            ArchiveReads archive = new ArchiveReads(views.postgres());
            samples.forEach(task -> compare(problems, "postgres", task,
                    archive.historyWithSeriesStates(workload.taskId(task)).block(Duration.ofMinutes(1))));
        }
        return problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems;
    }

    private void checkRedisCounts(List<String> problems) {
        List<Response<Long>> lengths = new ArrayList<>();
        List<Response<String>> snapshots = new ArrayList<>();
        try (AbstractPipeline pipeline = views.redis().pipelined()) {
            for (int task = 0; task < workload.tasks(); task++) {
                lengths.add(pipeline.zcard(RedisKeys.events(workload.taskId(task))));
                snapshots.add(pipeline.get(RedisKeys.task(workload.taskId(task))));
            }
            pipeline.sync();
        }
        for (int task = 0; task < workload.tasks(); task++) {
            expect(problems, "redis history of " + workload.taskId(task), workload.historyLength(task),
                    lengths.get(task).get());
            String json = snapshots.get(task).get();
            TaskStatus status = json == null ? null : Json.fromString(json, Task.class).status();
            if (status != TaskStatus.COMPLETED) {
                problems.add("redis task " + workload.taskId(task) + " is " + status + ", expected completed");
            }
        }
    }

    private void checkPostgresCounts(List<String> problems) {
        String prefix = workload.taskIdPrefix();
        Map<String, Long> lengths = new HashMap<>();
        views.query("SELECT task_id, count(*) AS n FROM " + BenchViews.EVENTS_TABLE
                        + " WHERE left(task_id, $2) = $1 GROUP BY task_id",
                (row, meta) -> Map.entry(row.get("task_id", String.class), row.get("n", Long.class)),
                prefix, prefix.length()).forEach(e -> lengths.put(e.getKey(), e.getValue()));
        for (int task = 0; task < workload.tasks(); task++) {
            expect(problems, "postgres history of " + workload.taskId(task), workload.historyLength(task),
                    lengths.getOrDefault(workload.taskId(task), 0L));
        }
        long completed = views.query("SELECT count(*) AS n FROM " + BenchViews.TASKS_TABLE
                        + " WHERE left(id, $2) = $1 AND status = $3", (row, meta) -> row.get("n", Long.class),
                prefix, prefix.length(), TaskStatus.COMPLETED.wireName()).get(0);
        expect(problems, "postgres completed tasks", workload.tasks(), completed);
    }

    private void compare(List<String> problems, String view, int task, TaskHistory actual) {
        TaskHistory expected = workload.expected(task);
        if (!json(expected.events()).equals(json(actual.events()))) {
            problems.add(view + " history of " + workload.taskId(task) + " differs from what was produced ("
                    + actual.events().size() + " events, expected " + expected.events().size() + ")");
        }
        if (!states(expected).equals(states(actual))) {
            problems.add(view + " series states of " + workload.taskId(task) + " differ from what was produced");
        }
    }

    private static List<String> json(List<?> values) {
        return values.stream().map(Json::toString).toList();
    }

    private static Map<String, String> states(TaskHistory history) {
        Map<String, String> states = new TreeMap<>();
        history.seriesStates().forEach((series, state) -> states.put(series, Json.toString(state)));
        return states;
    }

    private static void expect(List<String> problems, String what, long expected, long actual) {
        if (expected != actual) {
            problems.add(what + ": " + actual + ", expected " + expected);
        }
    }
}
