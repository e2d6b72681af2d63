package io.taskcast.kafka.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One record of topic {@code taskcast-events}: the event as published, plus what readers need to
 * keep series views without recomputing them (api.md §3).
 *
 * @param event         the event, exactly as clients see it (for accumulate series: the raw delta)
 * @param accumulated   for an accumulate series: the series state after this event (the running
 *                      value, carrying this event's id and index); otherwise absent
 * @param replacesIndex for a latest series: the index of the previous event of the series, which
 *                      this one replaces in the short-term history; otherwise absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventRecord(TaskEvent event, TaskEvent accumulated, Long replacesIndex) {

    public static EventRecord plain(TaskEvent event) {
        return new EventRecord(event, null, null);
    }
}
