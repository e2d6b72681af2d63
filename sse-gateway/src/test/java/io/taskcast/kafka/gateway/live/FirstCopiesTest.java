package io.taskcast.kafka.gateway.live;

import io.taskcast.kafka.schemas.Level;
import io.taskcast.kafka.schemas.TaskEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which live events are first copies, per task, with a bounded memory of tasks. */
class FirstCopiesTest {

    private static TaskEvent event(String taskId, long index) {
        return new TaskEvent(taskId + "-" + index, taskId, index, index, "log", Level.INFO, null, null, null, null, null);
    }

    private static List<Long> passed(FirstCopies copies, TaskEvent... events) {
        return Stream.of(events).filter(copies::first).map(TaskEvent::index).toList();
    }

    @Test
    void shouldPassEachIndexOfATaskOnceWhenARedoneTransactionRepeatsIt() {
        FirstCopies copies = new FirstCopies();

        List<Long> passed = passed(copies, event("a", 0), event("a", 1), event("a", 0), event("a", 1), event("a", 2));

        assertThat(passed).containsExactly(0L, 1L, 2L);
        assertThat(copies.dropped()).isEqualTo(2);
    }

    @Test
    void shouldTellTasksApart() {
        FirstCopies copies = new FirstCopies();

        List<Long> passed = passed(copies, event("a", 0), event("b", 0), event("a", 1), event("b", 0), event("b", 1));

        assertThat(passed).containsExactly(0L, 0L, 1L, 1L);
        assertThat(copies.dropped()).isOne();
    }

    @Test
    void shouldForgetTheLeastRecentlyActiveTaskBeyondItsBound() {
        FirstCopies copies = new FirstCopies(2);
        passed(copies, event("a", 5), event("b", 5), event("a", 6), event("c", 5));

        // "b" was least recently active when "c" came: "a" and "c" are remembered, "b"'s copy passes
        assertThat(passed(copies, event("a", 6), event("c", 5))).isEmpty();
        assertThat(passed(copies, event("b", 5))).containsExactly(5L);
    }
}
