package io.taskcast.kafka.schemas.filter;

import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.TaskEvent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Late-join collapse (api.md §3): a subscriber arriving after {@code chunk1}..{@code chunk5} of an
 * accumulate series sees one snapshot {@code {"delta":"chunk1chunk2chunk3chunk4chunk5"}} where
 * {@code chunk1} was, instead of replaying every delta.
 */
public final class SeriesCollapse {

    private SeriesCollapse() {
    }

    /**
     * Whether a {@code seriesFormat} query parameter asks for accumulated series. Only
     * {@code accumulated} does: absent, {@code delta} and any other value mean delta, as in Taskcast.
     */
    public static boolean accumulatedFormat(String seriesFormat) {
        return "accumulated".equals(seriesFormat);
    }

    /**
     * Each accumulate series of {@code events} appears once, at the position of its first event, as
     * its current state from {@code seriesStates} (by series id) marked {@code seriesSnapshot: true};
     * the state keeps the id, index and timestamp of the latest folded event, as stored. Later events
     * of that series are dropped; every other event is kept as it is. A series without a known state
     * is left uncollapsed, so no event is lost when the state is missing.
     */
    public static List<TaskEvent> collapse(List<TaskEvent> events, Map<String, TaskEvent> seriesStates) {
        List<TaskEvent> shown = new ArrayList<>(events.size());
        Set<String> snapshotted = new HashSet<>();
        for (TaskEvent event : events) {
            TaskEvent state = isAccumulate(event) ? seriesStates.get(event.seriesId()) : null;
            if (state == null) {
                shown.add(event);
            } else if (snapshotted.add(event.seriesId())) {
                shown.add(snapshot(state));
            }
        }
        return List.copyOf(shown);
    }

    private static boolean isAccumulate(TaskEvent event) {
        return event.seriesId() != null && event.seriesMode() == SeriesMode.ACCUMULATE;
    }

    private static TaskEvent snapshot(TaskEvent state) {
        return new TaskEvent(state.id(), state.taskId(), state.index(), state.timestamp(), state.type(), state.level(),
                state.data(), state.seriesId(), state.seriesMode(), state.seriesAccField(), true);
    }
}
