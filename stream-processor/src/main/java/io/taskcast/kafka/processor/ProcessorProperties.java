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
 * @param commitInterval how often a transaction commits; outputs become visible to readers at commit,
 *                       so this bounds latency (10 ms measured as the sweet spot on 2 cores)
 * @param threads stream threads in this process
 * @param startupTimeout how long start-up waits for the processor to reach RUNNING
 * @param timerInterval how often the wall clock looks for due TTL and resume timers (their precision)
 * @param sessionTimeout how long the group waits for a silent (crashed) instance before moving its
 *                       partitions elsewhere; commands of those tasks wait that long after a crash
 */
@ConfigurationProperties("taskcast.processor")
public record ProcessorProperties(
        @DefaultValue("${java.io.tmpdir}/taskcast-streams") Path stateDir,
        @DefaultValue("10ms") Duration commitInterval,
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
