package io.taskcast.kafka.platform.replies;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LocalRepliesTest {

    private final LocalReplies replies = new LocalReplies();
    private final List<String> received = new ArrayList<>();

    @Test
    void shouldHandAReplyToItsWaiterOnceAndTellWhenNoOneWaits() {
        replies.await("c1", bytes -> received.add(new String(bytes)));

        assertThat(replies.deliver("c1", "accepted".getBytes())).isTrue();
        assertThat(replies.deliver("c1", "accepted again".getBytes())).as("a redone transaction's copy").isFalse();
        assertThat(replies.deliver("c2", "someone else's".getBytes())).isFalse();
        assertThat(received).containsExactly("accepted");
        assertThat(replies.waiting()).isZero();
    }

    @Test
    void shouldStopWaitingWhenTheRequestWasAnsweredOtherwise() {
        Runnable stop = replies.await("c1", bytes -> received.add(new String(bytes)));

        stop.run();

        assertThat(replies.deliver("c1", "late".getBytes())).isFalse();
        assertThat(received).isEmpty();
    }
}
