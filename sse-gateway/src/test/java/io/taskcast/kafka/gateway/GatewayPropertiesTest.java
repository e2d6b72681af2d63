package io.taskcast.kafka.gateway;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayPropertiesTest {

    private static final Duration KEEPALIVE = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(500);

    @Test
    void shouldRefuseANegativeSlowClientGraceNamingTheSetting() {
        assertThatThrownBy(() -> new GatewayProperties(KEEPALIVE, 1000, POLL, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("taskcast.gateway.slow-client-grace must not be negative, got PT-1S");
    }

    @Test
    void shouldAcceptAZeroSlowClientGraceToCloseAtOnce() {
        assertThat(new GatewayProperties(KEEPALIVE, 1000, POLL, Duration.ZERO).slowClientGrace()).isZero();
    }
}
