package io.taskcast.kafka.schemas.command;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A request to change a task; the only input of the system (topic {@code taskcast-commands}, key =
 * task id). The JSON form carries its kind in the {@code command} property, so producers in any
 * language can write them (see {@code json-schema/command.schema.json}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "command")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CreateTask.class, name = "create"),
        @JsonSubTypes.Type(value = TransitionTask.class, name = "transition"),
        @JsonSubTypes.Type(value = PublishEvents.class, name = "publish"),
        @JsonSubTypes.Type(value = ResolveTask.class, name = "resolve"),
        @JsonSubTypes.Type(value = FireTimer.class, name = "timer"),
        @JsonSubTypes.Type(value = ImportTask.class, name = "import"),
        @JsonSubTypes.Type(value = ReleaseStorage.class, name = "release"),
        @JsonSubTypes.Type(value = AssignTask.class, name = "assign"),
        @JsonSubTypes.Type(value = DeclineTask.class, name = "decline")
})
public sealed interface Command permits CreateTask, TransitionTask, PublishEvents, ResolveTask, FireTimer,
        ImportTask, ReleaseStorage, AssignTask, DeclineTask {

    /** Unique per command; replies and derived event ids are keyed by it. */
    String commandId();

    /** The task this command is about; equals the record key. */
    String taskId();
}
