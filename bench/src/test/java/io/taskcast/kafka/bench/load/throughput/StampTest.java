package io.taskcast.kafka.bench.load.throughput;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StampTest {

    @Test
    void shouldReadBackTheStampOfAPaddedRecord() {
        byte[] record = new Stamp(42, 123_456_789L).toRecord(300);

        assertThat(record).hasSize(300);
        assertThat(Stamp.ofRecord(record)).isEqualTo(new Stamp(42, 123_456_789L));
    }

    @Test
    void shouldRefuseARecordTooSmallForTheStamp() {
        assertThatThrownBy(() -> new Stamp(1, 2).toRecord(15)).isInstanceOf(IllegalArgumentException.class);
    }
}
