package io.taskcast.kafka.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskcast.kafka.embedded.EmbeddedStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A second class in the same JVM: it must get the stack the other class got, not a new one. */
@ExtendWith(EmbeddedStackExtension.class)
class SharedAcrossClassesIT {

    @Test
    void shouldReuseTheStackOfEarlierClasses() {
        SeenStacks.ALL.add(EmbeddedStackExtension.stack());
        assertThat(SeenStacks.ALL).as("one stack per test JVM").hasSize(1);
    }
}
