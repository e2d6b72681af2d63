package io.taskcast.kafka.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Worker assignment (Taskcast's {@code workers}, taskcast-extras.md §8; docs/workers.md).
 *
 * @param enabled serve the worker routes ({@code /workers/pull}, {@code /workers/tasks/{id}/decline});
 *                off, they answer 404
 */
@ConfigurationProperties("taskcast.workers")
public record WorkersProperties(@DefaultValue("false") boolean enabled) {
}
