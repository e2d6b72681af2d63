package io.taskcast.kafka.schemas.cleanup;

import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When a rule applies to a task and which events it removes (api.md §10). */
class CleanupRuleTest {

    private static final long DONE = 100_000;

    @Test
    void shouldApplyOnlyToFinishedTasksOfAMatchingStatusAndType() {
        CleanupRule rule = rule("{\"target\":\"all\",\"match\":{\"taskTypes\":[\"llm.*\"],\"status\":[\"failed\"]}}");

        assertThat(rule.matches(task("llm.chat", TaskStatus.FAILED))).isTrue();
        assertThat(rule.matches(task("llm.chat", TaskStatus.COMPLETED))).isFalse();
        assertThat(rule.matches(task("llm", TaskStatus.FAILED))).isFalse();
        assertThat(rule.matches(task(null, TaskStatus.FAILED))).isFalse();
        assertThat(rule("{\"target\":\"all\"}").matches(task(null, TaskStatus.RUNNING))).isFalse();
        assertThat(rule("{\"target\":\"all\"}").matches(task(null, TaskStatus.CANCELLED))).isTrue();
    }

    @Test
    void shouldBeDueAfterMsAfterCompletion() {
        assertThat(rule("{\"target\":\"all\",\"trigger\":{\"afterMs\":2500}}").dueAt(task(null, TaskStatus.COMPLETED)))
                .isEqualTo(DONE + 2500);
        assertThat(rule("{\"target\":\"all\"}").dueAt(task(null, TaskStatus.COMPLETED))).isEqualTo(DONE);
    }

    @Test
    void shouldRemoveEveryEventWithoutAFilterOrWhenTheTaskGoes() {
        TaskEvent event = event("x", Level.INFO, null, DONE - 1);

        assertThat(rule("{\"target\":\"events\"}").removes(event, DONE)).isTrue();
        assertThat(rule("{\"target\":\"task\",\"eventFilter\":{\"types\":[\"y\"]}}").removes(event, DONE)).isTrue();
    }

    @Test
    void shouldRemoveOnlyEventsThatPassEveryPartOfTheFilter() {
        CleanupRule rule = rule("{\"target\":\"events\",\"eventFilter\":{\"types\":[\"llm.*\"],\"levels\":[\"debug\"]}}");

        assertThat(rule.removes(event("llm.delta", Level.DEBUG, null, 0), DONE)).isTrue();
        assertThat(rule.removes(event("llm.delta", Level.INFO, null, 0), DONE)).isFalse();
        assertThat(rule.removes(event("log", Level.DEBUG, null, 0), DONE)).isFalse();
    }

    @Test
    void shouldCountOlderThanBackFromCompletion() {
        CleanupRule rule = rule("{\"target\":\"events\",\"eventFilter\":{\"olderThanMs\":1000}}");

        assertThat(rule.removes(event("a", Level.INFO, null, DONE - 1001), DONE)).isTrue();
        assertThat(rule.removes(event("a", Level.INFO, null, DONE - 1000), DONE)).isFalse();
        assertThat(rule.removes(event("a", Level.INFO, null, DONE), DONE)).isFalse();
    }

    @Test
    void shouldLetEventsWithoutASeriesPassTheSeriesModeFilter() {
        CleanupRule rule = rule("{\"target\":\"events\",\"eventFilter\":{\"seriesMode\":[\"latest\"]}}");

        assertThat(rule.removes(event("a", Level.INFO, SeriesMode.LATEST, 0), DONE)).isTrue();
        assertThat(rule.removes(event("a", Level.INFO, SeriesMode.ACCUMULATE, 0), DONE)).isFalse();
        assertThat(rule.removes(event("a", Level.INFO, null, 0), DONE)).isTrue();
    }

    @Test
    void shouldRemoveTheTaskWhenAnyOfItsDueRulesTargetsIt() {
        assertThat(new TaskCleanup("t", DONE, List.of(rule("{\"target\":\"events\"}"))).removesTask()).isFalse();
        assertThat(new TaskCleanup("t", DONE, List.of(rule("{\"target\":\"events\"}"), rule("{\"target\":\"task\"}")))
                .removesTask()).isTrue();
        assertThat(new TaskCleanup("t", DONE, List.of(rule("{\"target\":\"all\"}"))).removesTask()).isTrue();
    }

    private static CleanupRule rule(String json) {
        return CleanupRules.fromJson("[" + json + "]", "rule").get(0);
    }

    private static Task task(String type, TaskStatus status) {
        return new Task("t", type, status, null, null, null, null, 0, DONE, status.isTerminal() ? DONE : null,
                null, null, null, null, null, null, null, null);
    }

    private static TaskEvent event(String type, Level level, SeriesMode mode, long timestamp) {
        return new TaskEvent("01J0000000000000000000000E", "t", 0, timestamp, type, level, null,
                mode == null ? null : "s", mode, null, null);
    }
}
