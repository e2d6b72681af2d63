package io.taskcast.kafka.schemas.worker;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A worker's status (taskcast-extras.md §8): busy when its slots are full, draining takes no new task. */
public enum WorkerStatus {
    @JsonProperty("idle") IDLE,
    @JsonProperty("busy") BUSY,
    @JsonProperty("draining") DRAINING,
    @JsonProperty("offline") OFFLINE
}
