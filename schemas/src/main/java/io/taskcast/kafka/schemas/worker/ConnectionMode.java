package io.taskcast.kafka.schemas.worker;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a worker is connected: it long-polls {@code GET /workers/pull}, or holds {@code /workers/ws}. */
public enum ConnectionMode {
    @JsonProperty("pull") PULL,
    @JsonProperty("websocket") WEBSOCKET
}
