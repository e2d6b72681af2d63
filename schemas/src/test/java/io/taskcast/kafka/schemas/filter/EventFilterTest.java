package io.taskcast.kafka.schemas.filter;

import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.JacksonException;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The subscription filter of api.md §4, and how query strings and JSON become one. */
class EventFilterTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
            "llm.*, llm.delta, true",
            "llm.*, llm.a.b, true",
            "llm.*, llm, false",
            "llm.*, llmx, false",
            "llm.*, llmx.delta, false",
            "*, anything.at.all, true",
            "*, taskcast:status, true",
            "llm.delta, llm.delta, true",
            "llm.delta, llm.delta2, false",
            "llm, llm.delta, false",
    })
    void shouldMatchTypePatterns(String pattern, String type, boolean expected) {
        EventFilter filter = new EventFilter(List.of(pattern), null, true);

        assertThat(filter.matches(event(type, Level.INFO))).isEqualTo(expected);
    }

    @Test
    void shouldLetEveryTypeThroughWithoutTypesAndNoneWithEmptyTypes() {
        TaskEvent event = event("llm.delta", Level.INFO);

        assertThat(new EventFilter(null, null, true).matches(event)).isTrue();
        assertThat(new EventFilter(List.of(), null, true).matches(event)).isFalse();
    }

    @Test
    void shouldMatchWhenAnyTypePatternMatches() {
        EventFilter filter = new EventFilter(List.of("tool.call", "llm.*"), null, true);

        assertThat(filter.matches(event("tool.call", Level.INFO))).isTrue();
        assertThat(filter.matches(event("llm.delta", Level.INFO))).isTrue();
        assertThat(filter.matches(event("tool.result", Level.INFO))).isFalse();
    }

    @Test
    void shouldMatchLevelsByExactMembership() {
        EventFilter filter = new EventFilter(null, Set.of(Level.WARN, Level.ERROR), true);

        assertThat(filter.matches(event("log", Level.WARN))).isTrue();
        assertThat(filter.matches(event("log", Level.ERROR))).isTrue();
        assertThat(filter.matches(event("log", Level.INFO))).isFalse();
        assertThat(new EventFilter(null, Set.of(), true).matches(event("log", Level.ERROR))).isFalse();
    }

    @Test
    void shouldRemoveOnlyStatusEventsWhenStatusIsExcluded() {
        EventFilter filter = new EventFilter(null, null, false);

        assertThat(filter.matches(event(TaskEvent.STATUS_TYPE, Level.INFO))).isFalse();
        assertThat(filter.matches(event(TaskEvent.RESOLVED_TYPE, Level.INFO))).isTrue();
        assertThat(filter.matches(event("llm.delta", Level.INFO))).isTrue();
    }

    @Test
    void shouldAndAllThreeParts() {
        EventFilter filter = new EventFilter(List.of("*"), Set.of(Level.INFO), false);

        assertThat(filter.matches(event("llm.delta", Level.INFO))).isTrue();
        assertThat(filter.matches(event("llm.delta", Level.DEBUG))).isFalse();
        assertThat(filter.matches(event(TaskEvent.STATUS_TYPE, Level.INFO))).isFalse();
        assertThat(new EventFilter(List.of("llm.*"), Set.of(Level.INFO), true).matches(event("tool", Level.INFO)))
                .isFalse();
    }

    @Test
    void shouldReadAbsentParametersAsEverything() {
        assertThat(EventFilter.fromQuery(null, null, null)).isEqualTo(EventFilter.ALL);
    }

    @Test
    void shouldReadPresentButEmptyParametersAsNothing() {
        assertThat(EventFilter.fromQuery("", "", null)).isEqualTo(new EventFilter(List.of(), Set.of(), true));
        assertThat(EventFilter.fromQuery("", null, null).matches(event("llm.delta", Level.INFO))).isFalse();
    }

    @Test
    void shouldSplitCommaSeparatedValuesIgnoringBlanks() {
        assertThat(EventFilter.fromQuery("llm.*, tool.call,,", "info,warn", null))
                .isEqualTo(new EventFilter(List.of("llm.*", "tool.call"), Set.of(Level.INFO, Level.WARN), true));
    }

    @Test
    void shouldIncludeStatusUnlessExactlyFalse() {
        assertThat(EventFilter.fromQuery(null, null, "false").includeStatus()).isFalse();
        assertThat(EventFilter.fromQuery(null, null, "true").includeStatus()).isTrue();
        assertThat(EventFilter.fromQuery(null, null, "0").includeStatus()).isTrue();
        assertThat(EventFilter.fromQuery(null, null, "FALSE").includeStatus()).isTrue();
        assertThat(EventFilter.fromQuery(null, null, "").includeStatus()).isTrue();
    }

    @Test
    void shouldRejectAnUnknownLevelNamingIt() {
        assertThatThrownBy(() -> EventFilter.fromQuery(null, "info,loud", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("levels: unknown level 'loud' (expected one of debug, info, warn, error)");
        assertThatThrownBy(() -> EventFilter.fromQuery(null, "INFO", null))
                .hasMessageContaining("'INFO'");
    }

    @Test
    void shouldReadAWebhookFilterFromJsonWithStatusIncludedByDefault() {
        EventFilter filter = Json.fromString("{\"types\":[\"llm.*\"],\"levels\":[\"warn\"]}", EventFilter.class);

        assertThat(filter).isEqualTo(new EventFilter(List.of("llm.*"), Set.of(Level.WARN), true));
        assertThat(Json.fromString("{}", EventFilter.class)).isEqualTo(EventFilter.ALL);
        assertThat(Json.fromString("{\"includeStatus\":false}", EventFilter.class).includeStatus()).isFalse();
    }

    @Test
    void shouldRoundTripThroughJson() {
        EventFilter filter = new EventFilter(List.of("llm.*"), Set.of(Level.ERROR), false);

        assertThat(Json.fromString(Json.toString(filter), EventFilter.class)).isEqualTo(filter);
        assertThat(Json.toString(EventFilter.ALL)).isEqualTo("{\"includeStatus\":true}");
    }

    @Test
    void shouldRejectAnUnknownLevelInJson() {
        assertThatThrownBy(() -> Json.fromString("{\"levels\":[\"loud\"]}", EventFilter.class))
                .isInstanceOf(JacksonException.class);
    }

    private static TaskEvent event(String type, Level level) {
        return new TaskEvent("evt-1", "task-1", 0, 1_700_000_000_000L, type, level, null, null, null, null, null);
    }
}
