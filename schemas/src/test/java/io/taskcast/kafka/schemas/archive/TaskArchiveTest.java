package io.taskcast.kafka.schemas.archive;

import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Export of taskcast-extras.md §6: series folded where they began, indexes renumbered from 0, no snapshot marks. */
class TaskArchiveTest {

    private static final Task TASK = Task.created("t1", "llm", null, null, null, null, null, null, null, 1_000);

    @Test
    void shouldFoldAnAccumulateSeriesIntoItsRunningValueAtItsFirstPlaceAndRenumber() {
        TaskEvent status = event(0, "taskcast:status", null, null, "{\"status\":\"running\"}");
        TaskEvent chunk1 = event(1, "llm.delta", "a", SeriesMode.ACCUMULATE, "{\"delta\":\"Hel\"}");
        TaskEvent log = event(2, "log", null, null, "\"x\"");
        TaskEvent chunk2 = event(3, "llm.delta", "a", SeriesMode.ACCUMULATE, "{\"delta\":\"lo\"}");
        TaskEvent progress = event(5, "progress", "p", SeriesMode.LATEST, "{\"pct\":90}");
        TaskEvent state = event(3, "llm.delta", "a", SeriesMode.ACCUMULATE, "{\"delta\":\"Hello\"}");

        TaskArchive archive = TaskArchive.export(TASK, List.of(status, chunk1, log, chunk2, progress),
                Map.of("a", state), 9_000);

        assertThat(archive.schema()).isEqualTo("taskcast.taskArchive");
        assertThat(archive.version()).isEqualTo(1);
        assertThat(archive.exportedAt()).isEqualTo(9_000);
        assertThat(archive.task()).isEqualTo(TASK);
        assertThat(archive.events()).extracting(TaskEvent::index).containsExactly(0L, 1L, 2L, 3L);
        assertThat(archive.events()).extracting(TaskEvent::id).containsExactly("e0", "e3", "e2", "e5");
        assertThat(Json.toString(archive.events().get(1).data())).isEqualTo("{\"delta\":\"Hello\"}");
        assertThat(archive.events()).allMatch(e -> e.seriesSnapshot() == null);
        assertThat(Json.toString(archive)).doesNotContain("seriesSnapshot")
                .startsWith("{\"schema\":\"taskcast.taskArchive\",\"version\":1,\"exportedAt\":9000,\"task\":");
    }

    private static TaskEvent event(long index, String type, String seriesId, SeriesMode mode, String data) {
        return new TaskEvent("e" + index, "t1", index, 2_000 + index, type, Level.INFO, Json.mapper().readTree(data),
                seriesId, mode, null, null);
    }
}
