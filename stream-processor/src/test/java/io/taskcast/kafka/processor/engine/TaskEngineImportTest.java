package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.processor.TaskBuilder;
import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.command.EventInput;
import io.taskcast.kafka.schemas.command.ImportTask;
import io.taskcast.kafka.schemas.command.PublishEvents;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An imported archive as the engine sees it (taskcast-extras.md §6): the task's state becomes the
 * archive's, its folded series go on where they stand, and an existing id is replaced only on
 * overwrite.
 */
class TaskEngineImportTest {

    private static final String ID = "imported-1";
    private static final long T0 = 1_600_000_000_000L;
    private static final long NOW = T0 + 3_600_000;

    private final Task running = TaskBuilder.pending(ID, T0).status(TaskStatus.RUNNING).updatedAt(T0 + 10).ttl(60).build();
    private final TaskEvent status = event(0, "taskcast:status", null, null, "{\"status\":\"running\"}");
    private final TaskEvent text = event(1, "llm.delta", "text", SeriesMode.ACCUMULATE, "{\"delta\":\"Hello\"}");
    private final TaskEvent progress = event(2, "progress", "p", SeriesMode.LATEST, "{\"pct\":40}");

    @Test
    void shouldMakeTheArchiveTheTaskAndGoOnFromItsLastIndexAndSeriesStates() {
        // given an imported running task with an accumulate and a latest series
        Decision decision = TaskEngine.decide(null, importing(running, false), NOW);

        // then its state is the archive's
        assertThat(decision).isInstanceOf(Decision.Imported.class);
        Decision.Imported imported = (Decision.Imported) decision;
        assertThat(imported.overwritten()).isFalse();
        assertThat(imported.next().task()).isEqualTo(running);
        assertThat(imported.next().nextIndex()).isEqualTo(3);
        assertThat(imported.next().series()).isEqualTo(Map.of("text", text, "p", progress));
        // an accumulate event is its own series state; nothing replaces an index
        assertThat(imported.records()).containsExactly(EventRecord.plain(status), new EventRecord(text, text, null),
                EventRecord.plain(progress));
        // a live task's ttl runs again from the import
        assertThat(imported.next().ttlDeadline()).isEqualTo(NOW + 60_000);

        // and the next events continue the index and both series
        Decision next = TaskEngine.decide(imported.next(), new PublishEvents("c2", ID, List.of(
                new EventInput("llm.delta", null, Json.mapper().readTree("{\"delta\":\", world\"}"), "text",
                        SeriesMode.ACCUMULATE, null),
                new EventInput("progress", null, Json.mapper().readTree("{\"pct\":80}"), "p", SeriesMode.LATEST,
                        null))), NOW + 1);
        List<EventRecord> records = ((Decision.Applied) next).records();
        assertThat(records).extracting(r -> r.event().index()).containsExactly(3L, 4L);
        assertThat(records.get(0).accumulated().data().get("delta").asString()).isEqualTo("Hello, world");
        assertThat(records.get(1).replacesIndex()).isEqualTo(2L);
    }

    @Test
    void shouldRefuseAnExistingIdUnlessOverwriteIsTrue() {
        TaskState existing = TaskState.created(TaskBuilder.pending(ID, T0).build());

        Decision refused = TaskEngine.decide(existing, importing(running, false), NOW);
        Decision replaced = TaskEngine.decide(existing, importing(running, true), NOW);

        assertThat(refused).isInstanceOf(Decision.Refused.class);
        assertThat(((Decision.Refused) refused).status()).isEqualTo(409);
        assertThat(((Decision.Refused) refused).message()).contains("already exists").contains("overwrite");
        assertThat(replaced).isInstanceOf(Decision.Imported.class);
        assertThat(((Decision.Imported) replaced).overwritten()).isTrue();
        assertThat(((Decision.Imported) replaced).next().task()).isEqualTo(running);
    }

    @Test
    void shouldKeepARemovedTasksIdReservedEvenOnOverwrite() {
        Task done = TaskBuilder.pending(ID, T0).status(TaskStatus.COMPLETED).completedAt(T0 + 5).build();
        TaskState removed = TaskState.created(done).removedAt(T0 + 100);

        Decision decision = TaskEngine.decide(removed, importing(running, true), NOW);

        assertThat(decision).isInstanceOf(Decision.Refused.class);
        assertThat(((Decision.Refused) decision).code()).isEqualTo("TASK_ID_RESERVED");
    }

    @Test
    void shouldGiveAFinishedImportedTaskNoTtlClock() {
        Task done = TaskBuilder.pending(ID, T0).status(TaskStatus.COMPLETED).completedAt(T0 + 5).ttl(60).build();

        Decision decision = TaskEngine.decide(null, importing(done, false), NOW);

        assertThat(((Decision.Imported) decision).next().ttlDeadline()).isNull();
    }

    private ImportTask importing(Task task, boolean overwrite) {
        return new ImportTask("import-cmd", ID, task, List.of(status, text, progress), overwrite);
    }

    private static TaskEvent event(long index, String type, String seriesId, SeriesMode mode, String data) {
        return new TaskEvent("e" + index, ID, index, T0 + index, type, Level.INFO, Json.mapper().readTree(data),
                seriesId, mode, null, null);
    }
}
