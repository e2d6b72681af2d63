package io.taskcast.kafka.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the SSE gateway role.
 *
 * @param keepalive   how often an idle stream gets a {@code : keepalive} comment (api.md §6)
 * @param maxBuffered events one connection may hold undelivered; a client slower than that is
 *                    closed (it resumes with {@code Last-Event-ID}) so memory stays bounded
 * @param pollTimeout how long one poll of the events topic blocks; also bounds how fast stop returns
 * @param slowClientGrace after a stream is closed for falling behind, how long its client has to take
 *                    what was already on its way before the gateway closes the connection; {@code 0s}
 *                    closes it at once
 */
@ConfigurationProperties("taskcast.gateway")
public record GatewayProperties(@DefaultValue("15s") Duration keepalive,
                                @DefaultValue("1000") int maxBuffered,
                                @DefaultValue("500ms") Duration pollTimeout,
                                @DefaultValue("10s") Duration slowClientGrace) {

    public GatewayProperties {
        if (keepalive.isNegative() || keepalive.toMillis() < 1) {
            throw new IllegalArgumentException("taskcast.gateway.keepalive must be at least 1ms, got " + keepalive);
        }
        if (maxBuffered < 1) {
            throw new IllegalArgumentException("taskcast.gateway.max-buffered must be at least 1, got " + maxBuffered);
        }
        if (pollTimeout.isNegative() || pollTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("taskcast.gateway.poll-timeout must be at least 1ms, got " + pollTimeout);
        }
        if (slowClientGrace.isNegative()) {
            throw new IllegalArgumentException("taskcast.gateway.slow-client-grace must not be negative, got "
                    + slowClientGrace);
        }
    }
}
