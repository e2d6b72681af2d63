package io.taskcast.kafka.schemas.command;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The processor's answer to a command that asked for one (topic {@code taskcast-command-results},
 * key = command id, or null when the command could not be read; matched to its request by the
 * {@code kafka_correlationId} header): accepted with its effects, or rejected with an HTTP status and
 * message.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "outcome")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Accepted.class, name = "accepted"),
        @JsonSubTypes.Type(value = Rejected.class, name = "rejected"),
        @JsonSubTypes.Type(value = Leased.class, name = "leased")
})
public sealed interface CommandResult permits Accepted, Rejected, Leased {

    String commandId();
}
