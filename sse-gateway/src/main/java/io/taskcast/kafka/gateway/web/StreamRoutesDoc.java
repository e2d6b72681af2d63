package io.taskcast.kafka.gateway.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import org.springframework.web.bind.annotation.RequestMethod;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The OpenAPI description of {@link StreamRoutes}: functional routes have no controller methods for
 * springdoc to read, so the router bean carries this annotation instead (api.md §6).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@RouterOperations({
        @RouterOperation(path = "/tasks/{taskId}/events", method = RequestMethod.GET, produces = "text/event-stream",
                operation = @Operation(operationId = "streamTaskEvents", tags = "Events",
                        summary = "Replay then stream one task's events (SSE); ends with taskcast.done on a terminal status",
                        parameters = {
                                @Parameter(in = ParameterIn.PATH, name = "taskId", required = true),
                                @Parameter(in = ParameterIn.QUERY, name = "types", description = "comma-separated types, * wildcards"),
                                @Parameter(in = ParameterIn.QUERY, name = "levels", description = "comma-separated levels"),
                                @Parameter(in = ParameterIn.QUERY, name = "includeStatus", description = "anything but false = true"),
                                @Parameter(in = ParameterIn.QUERY, name = "wrap", description = "anything but false = true"),
                                @Parameter(in = ParameterIn.QUERY, name = "seriesFormat", description = "accumulated; anything else is delta"),
                                @Parameter(in = ParameterIn.QUERY, name = "since.id"),
                                @Parameter(in = ParameterIn.QUERY, name = "since.index", description = "a filteredIndex threshold",
                                        schema = @Schema(type = "integer")),
                                @Parameter(in = ParameterIn.QUERY, name = "since.timestamp", schema = @Schema(type = "integer")),
                                @Parameter(in = ParameterIn.QUERY, name = "limit", description = "replay the first N matching events after the cursor, then live from connect",
                                        schema = @Schema(type = "integer")),
                                @Parameter(in = ParameterIn.HEADER, name = "Last-Event-ID", description = "resumes like since.id")},
                        responses = {
                                @ApiResponse(responseCode = "200", description = "taskcast.event and taskcast.done frames",
                                        content = @Content(mediaType = "text/event-stream", schema = @Schema(type = "string"))),
                                @ApiResponse(responseCode = "400", description = "INVALID_QUERY"),
                                @ApiResponse(responseCode = "401", description = "UNAUTHORIZED"),
                                @ApiResponse(responseCode = "403", description = "FORBIDDEN"),
                                @ApiResponse(responseCode = "404", description = "TASK_NOT_FOUND")})),
        @RouterOperation(path = "/events", method = RequestMethod.GET, produces = "text/event-stream",
                operation = @Operation(operationId = "streamAllEvents", tags = "Events",
                        summary = "Every task's new events from connect on, across all gateway instances (SSE)",
                        parameters = {
                                @Parameter(in = ParameterIn.QUERY, name = "types", description = "comma-separated types, * wildcards"),
                                @Parameter(in = ParameterIn.QUERY, name = "levels", description = "comma-separated levels")},
                        responses = {
                                @ApiResponse(responseCode = "200", description = "taskcast.event frames",
                                        content = @Content(mediaType = "text/event-stream", schema = @Schema(type = "string"))),
                                @ApiResponse(responseCode = "401", description = "UNAUTHORIZED"),
                                @ApiResponse(responseCode = "403", description = "FORBIDDEN")}))
})
public @interface StreamRoutesDoc {
}
