package io.taskcast.kafka.schemas.worker;

import io.taskcast.kafka.schemas.AssignMode;
import io.taskcast.kafka.schemas.DisconnectPolicy;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Pool messages survive their trip through a topic, every field of every kind. */
class PoolMessageJsonTest {

    @Test
    void shouldReadBackEveryKindOfPoolMessageAsWritten() {
        Task task = new Task("t1", "llm", TaskStatus.ASSIGNED, null, null, null, null, 1, 2, null, null, null, null,
                null, List.of("a"), null, null, null, AssignMode.PULL, 2, "w1", DisconnectPolicy.FAIL);
        List<PoolMessage> messages = List.of(
                new PoolMessage.Wait("w1", "p1", 99, 70, 4, new MatchRule(List.of("llm.*"), null), true,
                        List.of(new PoolMessage.Answered("p0", "t0", 2, DisconnectPolicy.MARK, 3))),
                new PoolMessage.Wait("w1", "p1", 99, null, null, null, false, List.of()),
                new PoolMessage.StopWaiting("w1", "p1"),
                new PoolMessage.TaskChanged(task, "p1", 4),
                new PoolMessage.TaskChanged(task),
                new PoolMessage.Refused("t1", "w1", "p1", "not pending"),
                new PoolMessage.Tick());

        for (PoolMessage message : messages) {
            assertThat(Json.fromBytes(Json.toBytes(message), PoolMessage.class)).isEqualTo(message);
        }
    }
}
