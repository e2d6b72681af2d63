package io.taskcast.kafka.schemas.filter;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.TaskEvent;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which events a subscriber wants (api.md §4): the one filter that history, SSE streams and
 * webhooks share. Its three parts are ANDed.
 *
 * @param types         type patterns: {@code *} any, {@code p.*} types under {@code p.}, otherwise
 *                      exact; null = every type, empty = no type at all
 * @param levels        accepted levels; null = every level, empty = none
 * @param includeStatus false removes {@code taskcast:status} events, and only those
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventFilter(List<String> types, Set<Level> levels, boolean includeStatus) {

    /** Lets every event through. */
    public static final EventFilter ALL = new EventFilter(null, null, true);

    private static final String ANY = "*";
    private static final String PREFIX_SUFFIX = ".*";

    public EventFilter {
        types = types == null ? null : List.copyOf(types);
        levels = levels == null ? null : Set.copyOf(levels);
    }

    /**
     * The JSON form of a webhook's {@code filter}: an absent {@code includeStatus} means true, as
     * everywhere else in the API.
     */
    @JsonCreator
    public static EventFilter of(@JsonProperty("types") List<String> types, @JsonProperty("levels") Set<Level> levels,
                                 @JsonProperty("includeStatus") Boolean includeStatus) {
        return new EventFilter(types, levels, includeStatus == null || includeStatus);
    }

    /**
     * Reads the filter of a query string (api.md §4, §6). {@code types} and {@code levels} are
     * comma-separated; a parameter present but empty selects nothing, an absent one everything;
     * blanks between commas are ignored. {@code includeStatus} is true unless it is exactly
     * {@code false}. Each argument is the raw parameter value, null when absent.
     *
     * @throws IllegalArgumentException for an unknown level, naming it
     */
    public static EventFilter fromQuery(String types, String levels, String includeStatus) {
        return new EventFilter(split(types), parseLevels(levels), !"false".equals(includeStatus));
    }

    public boolean matches(TaskEvent event) {
        return (includeStatus || !TaskEvent.STATUS_TYPE.equals(event.type()))
                && (types == null || types.stream().anyMatch(pattern -> typeMatches(pattern, event.type())))
                && (levels == null || levels.contains(event.level()));
    }

    /** {@code llm.*} matches {@code llm.delta} and {@code llm.a.b}, but neither {@code llm} nor {@code llmx}. */
    public static boolean typeMatches(String pattern, String type) {
        if (ANY.equals(pattern)) {
            return true;
        }
        if (pattern.endsWith(PREFIX_SUFFIX)) {
            return type != null && type.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(type);
    }

    private static List<String> split(String value) {
        if (value == null) {
            return null;
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(part -> !part.isEmpty()).toList();
    }

    private static Set<Level> parseLevels(String value) {
        List<String> names = split(value);
        if (names == null) {
            return null;
        }
        Set<Level> levels = EnumSet.noneOf(Level.class);
        for (String name : names) {
            levels.add(Level.fromWire(name).orElseThrow(() -> new IllegalArgumentException(
                    "levels: unknown level '" + name + "' (expected one of " + expectedLevels() + ")")));
        }
        return levels;
    }

    private static String expectedLevels() {
        return Arrays.stream(Level.values()).map(Level::wireName).collect(Collectors.joining(", "));
    }
}
