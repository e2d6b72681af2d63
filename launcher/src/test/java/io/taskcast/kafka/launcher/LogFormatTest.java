package io.taskcast.kafka.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogFormatTest {

    @Test
    void shouldAcceptTextAndJsonInAnyCase() {
        assertThat(LogFormat.parse("JSON")).isEqualTo("json");
        assertThat(LogFormat.parse(" text ")).isEqualTo("text");
    }

    @Test
    void shouldStopStartUpNamingTheSettingForAnUnknownFormat() {
        assertThatThrownBy(() -> LogFormat.parse("yaml")).isInstanceOf(StartupFailure.class)
                .hasMessage("taskcast.log.format (TASKCAST_LOG_FORMAT) must be text or json, not 'yaml'");
    }
}
