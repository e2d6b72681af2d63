package io.taskcast.kafka.schemas.cleanup;

import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading cleanup rules from a task and from configuration (api.md §10), every problem naming its field. */
class CleanupRulesTest {

    @Test
    void shouldReadEveryFieldOfATaskRule() {
        List<CleanupRule> rules = CleanupRules.ofTask(Json.mapper().readTree("""
                {"rules":[{"name":"drop debug","match":{"taskTypes":["llm.*"],"status":["completed","failed"]},
                  "trigger":{"afterMs":60000},"target":"events",
                  "eventFilter":{"types":["llm.delta"],"levels":["debug"],"olderThanMs":1000,"seriesMode":["latest"]}}]}
                """));

        assertThat(rules).containsExactly(new CleanupRule("drop debug",
                new CleanupRule.Match(List.of("llm.*"), List.of(TaskStatus.COMPLETED, TaskStatus.FAILED)),
                new CleanupRule.Trigger(60_000L), CleanupTarget.EVENTS,
                new CleanupRule.Selector(List.of("llm.delta"), List.of(Level.DEBUG), 1000L, List.of(SeriesMode.LATEST))));
    }

    @Test
    void shouldHaveNoRulesForAbsentCleanupOrRules() {
        assertThat(CleanupRules.ofTask(null)).isEmpty();
        assertThat(CleanupRules.ofTask(Json.mapper().readTree("{}"))).isEmpty();
        assertThat(CleanupRules.fromJson(null, "k")).isEmpty();
        assertThat(CleanupRules.fromJson(" ", "k")).isEmpty();
    }

    @Test
    void shouldReadAMinimalRuleAsApplyingAtOnceToEveryFinishedTask() {
        CleanupRule rule = CleanupRules.fromJson("[{\"target\":\"all\"}]", "k").get(0);

        assertThat(rule.target()).isEqualTo(CleanupTarget.ALL);
        assertThat(rule.trigger().afterMs()).isNull();
        assertThat(rule.match()).isEqualTo(new CleanupRule.Match(null, null));
        assertThat(rule.eventFilter()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            []                                                          | cleanup must be an object
            {"rules":{}}                                                | cleanup.rules must be an array
            {"rules":[1]}                                               | cleanup.rules[0] must be an object
            {"rules":[{}]}                                              | cleanup.rules[0].target must be one of all, events, task
            {"rules":[{"target":"everything"}]}                         | cleanup.rules[0].target must be one of all, events, task
            {"rules":[{"target":"all"},{"target":"all","name":3}]}      | cleanup.rules[1].name must be a string
            {"rules":[{"target":"all","trigger":{"afterMs":-1}}]}       | cleanup.rules[0].trigger.afterMs must be a non-negative integer (milliseconds)
            {"rules":[{"target":"all","trigger":{"afterMs":1.5}}]}      | cleanup.rules[0].trigger.afterMs must be a non-negative integer (milliseconds)
            {"rules":[{"target":"all","trigger":5}]}                    | cleanup.rules[0].trigger must be an object
            {"rules":[{"target":"all","match":{"status":["running"]}}]} | cleanup.rules[0].match.status must be an array of terminal statuses (completed, failed, timeout, cancelled)
            {"rules":[{"target":"all","match":{"taskTypes":"llm"}}]}    | cleanup.rules[0].match.taskTypes must be an array of strings
            {"rules":[{"target":"events","eventFilter":{"levels":["fatal"]}}]}    | cleanup.rules[0].eventFilter.levels must be an array of levels (debug, info, warn, error)
            {"rules":[{"target":"events","eventFilter":{"seriesMode":["all"]}}]}  | cleanup.rules[0].eventFilter.seriesMode must be an array of series modes (keep-all, accumulate, latest)
            {"rules":[{"target":"events","eventFilter":{"olderThanMs":"1s"}}]}   | cleanup.rules[0].eventFilter.olderThanMs must be a non-negative integer (milliseconds)
            {"rules":[{"target":"events","eventFilter":{"types":[1]}}]}           | cleanup.rules[0].eventFilter.types must be an array of strings
            """)
    void shouldNameTheFieldOfEveryProblem(String cleanup, String problem) {
        assertThat(CleanupRules.problemOfTask(Json.mapper().readTree(cleanup))).contains(problem);
    }

    @Test
    void shouldNameTheSettingOfAConfiguredRule() {
        assertThatThrownBy(() -> CleanupRules.fromJson("{\"target\":\"all\"}", "taskcast.cleanup.rules"))
                .hasMessage("taskcast.cleanup.rules must be an array");
        assertThatThrownBy(() -> CleanupRules.fromJson("[{", "taskcast.cleanup.rules"))
                .hasMessageStartingWith("taskcast.cleanup.rules must be a JSON array of cleanup rules: ");
    }

    @Test
    void shouldSurviveAJsonRoundTripAsTheCleanupHeaderCarriesIt() {
        TaskCleanup cleanup = new TaskCleanup("t1", 5_000, CleanupRules.fromJson("""
                [{"target":"events","eventFilter":{"types":["a.*"],"olderThanMs":10}},{"target":"task","name":"n"}]
                """, "k"));

        assertThat(Json.fromBytes(Json.toBytes(cleanup), TaskCleanup.class)).isEqualTo(cleanup);
    }
}
