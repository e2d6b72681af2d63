package io.taskcast.kafka.processor;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the processor role.
 *
 * @param stateDir where Kafka Streams keeps its local stores (rebuildable from changelogs); keep it
 *                 out of /tmp in production
 * @param commitInterval how often a transaction commits: when the archive, the webhook worker and other
 *                       committed readers see the outputs, and how much work an aborted transaction
 *                       redoes; replies and live events do not wait for it (docs/fast-path.md)
 * @param threads stream threads in this process
 * @param startupTimeout how long start-up waits for the processor to reach RUNNING
 * @param timerInterval how often the wall clock looks for due TTL and resume timers (their precision)
 * @param sessionTimeout how long the group waits for a silent (crashed) instance before moving its
 *                       partitions elsewhere; commands of those tasks wait that long after a crash
 */
@ConfigurationProperties("taskcast.processor")
public record ProcessorProperties(
        @DefaultValue("${java.io.tmpdir}/taskcast-streams") Path stateDir,
        @DefaultValue("100ms") Duration commitInterval,
        @DefaultValue("1") int threads,
        @DefaultValue("60s") Duration startupTimeout,
        @DefaultValue("1s") Duration timerInterval,
        @DefaultValue("10s") Duration sessionTimeout) {

    public ProcessorProperties {
        if (threads < 1) {
            throw new IllegalArgumentException("taskcast.processor.threads must be at least 1, got " + threads);
        }
    }
}
