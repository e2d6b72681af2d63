package io.taskcast.kafka.processor.archive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the archiver, which copies {@code taskcast-tasks} and {@code taskcast-events} into the
 * Postgres archive.
 *
 * @param batchSize       most records written to Postgres in one transaction
 * @param retryBackoff    first wait after a failed write; doubles on each further failure
 * @param maxRetryBackoff longest wait between retries while Postgres is unavailable
 * @param batchWait       how long the broker may hold a fetch to fill a batch (fetch.max.wait.ms, with
 *                        fetch.min.bytes of 256 KiB): fewer, larger archive transactions under load,
 *                        for at most this much more archive lag when idle. Reads go to Redis first.
 */
@ConfigurationProperties("taskcast.archiver")
public record ArchiverProperties(
        @DefaultValue("500") int batchSize,
        @DefaultValue("500ms") Duration retryBackoff,
        @DefaultValue("30s") Duration maxRetryBackoff,
        @DefaultValue("500ms") Duration batchWait) {

    /** Records at least this large fill a fetch before {@link #batchWait} is up. */
    public static final int BATCH_BYTES = 256 * 1024;


    public ArchiverProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("taskcast.archiver.batch-size must be at least 1, got " + batchSize);
        }
        if (retryBackoff.toMillis() < 1 || maxRetryBackoff.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("taskcast.archiver.retry-backoff must be at least 1ms and at most "
                    + "taskcast.archiver.max-retry-backoff, got " + retryBackoff + " and " + maxRetryBackoff);
        }
        if (batchWait.isNegative() || batchWait.toMillis() > 5_000) {
            throw new IllegalArgumentException("taskcast.archiver.batch-wait must be between 0 and 5s, got " + batchWait);
        }
    }
}
