package io.taskcast.kafka.processor.topology;

import io.taskcast.kafka.schemas.command.Rejected;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Replies go to the partition their requester reads, when that partition exists. */
class ReplyTest {

    private static final String TOPIC = "taskcast-command-results";
    private static final int NUM_PARTITIONS = 3;

    @ParameterizedTest(name = "partition {0} of 3")
    @ValueSource(ints = {0, 1, 2})
    void shouldRouteReplyToRequestedPartitionWhenItExists(int requested) {
        // given
        Reply reply = replyTo(requested);

        // when
        Optional<Set<Integer>> partitions = Reply.partitioner()
                .partitions(TOPIC, reply.result().commandId(), reply, NUM_PARTITIONS);

        // then
        assertThat(partitions).contains(Set.of(requested));
    }

    @ParameterizedTest(name = "partition {0} of 3")
    @NullSource
    @ValueSource(ints = {-1, Integer.MIN_VALUE, 3, 4, Integer.MAX_VALUE})
    void shouldLeaveReplyToDefaultPartitioningWhenRequestedPartitionIsMissingOrOutOfRange(Integer requested) {
        // given
        Reply reply = replyTo(requested);

        // when
        Optional<Set<Integer>> partitions = Reply.partitioner()
                .partitions(TOPIC, reply.result().commandId(), reply, NUM_PARTITIONS);

        // then
        assertThat(partitions).isEmpty();
    }

    private static Reply replyTo(Integer partition) {
        return new Reply(new ReplyAddress("corr-1".getBytes(StandardCharsets.UTF_8), partition),
                new Rejected("cmd-1", 409, "TASK_ALREADY_EXISTS", "Task already exists: task-1"));
    }
}
