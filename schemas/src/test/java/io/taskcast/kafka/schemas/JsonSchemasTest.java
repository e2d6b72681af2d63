package io.taskcast.kafka.schemas;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import io.taskcast.kafka.schemas.command.Command;
import io.taskcast.kafka.schemas.command.CommandResult;
import io.taskcast.kafka.schemas.json.Json;
import io.taskcast.kafka.schemas.webhook.WebhookDelivery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the JSON Schema files under {@code json-schema/} describe exactly what {@link Json} writes for
 * every topic, and that they reject what a non-Java producer could get wrong. The schemas refer to each
 * other by their https {@code $id}s; the factory maps those to the classpath, so nothing is fetched.
 */
class JsonSchemasTest {

    private static final String BASE_ID = "https://taskcast-kafka.local/schemas/";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(BASE_ID, "classpath:json-schema/")));
    /** networknt 1.5 validates Jackson 2 trees; our records are written by Jackson 3. */
    private static final ObjectMapper JACKSON2 = new ObjectMapper();

    @ParameterizedTest
    @MethodSource("io.taskcast.kafka.schemas.Samples#commands")
    void shouldAcceptEveryCommandTheCodeWrites(Command command) {
        assertValid("command.schema.json", Json.toBytes(command));
    }

    @ParameterizedTest
    @MethodSource("io.taskcast.kafka.schemas.Samples#events")
    void shouldAcceptEveryTaskEventTheCodeWrites(TaskEvent event) {
        assertValid("task-event.schema.json", Json.toBytes(event));
    }

    @ParameterizedTest
    @MethodSource("io.taskcast.kafka.schemas.Samples#eventRecords")
    void shouldAcceptEveryEventRecordTheProcessorWrites(EventRecord record) {
        assertValid("event-record.schema.json", Json.toBytes(record));
    }

    @ParameterizedTest
    @MethodSource("io.taskcast.kafka.schemas.Samples#tasks")
    void shouldAcceptEveryTaskTheCodeWrites(Task task) {
        assertValid("task.schema.json", Json.toBytes(task));
    }

    @ParameterizedTest
    @MethodSource("io.taskcast.kafka.schemas.Samples#commandResults")
    void shouldAcceptEveryCommandResultTheCodeWrites(CommandResult result) {
        assertValid("command-result.schema.json", Json.toBytes(result));
    }

    @ParameterizedTest
    @MethodSource("io.taskcast.kafka.schemas.Samples#envelopes")
    void shouldAcceptEverySseEnvelopeTheCodeWrites(SseEnvelope envelope) {
        assertValid("sse-envelope.schema.json", Json.toBytes(envelope));
    }

    @ParameterizedTest
    @MethodSource("io.taskcast.kafka.schemas.Samples#deliveries")
    void shouldAcceptEveryWebhookDeliveryTheProcessorWrites(WebhookDelivery delivery) {
        assertValid("webhook-delivery.schema.json", Json.toBytes(delivery));
    }

    @ParameterizedTest
    @ValueSource(strings = {"command.schema.json", "task-event.schema.json", "task.schema.json",
            "command-result.schema.json", "sse-envelope.schema.json", "event-record.schema.json",
            "webhook-delivery.schema.json"})
    void shouldDeclareTheIdItIsLoadedBy(String file) {
        assertThat(readResource(file).get("$id").asText()).isEqualTo(BASE_ID + file);
    }

    @Test
    void shouldAllowUnknownFieldsBecauseReadersIgnoreThem() {
        ObjectNode command = tree(Json.toBytes(Samples.transitionWithRequiredOnly()));
        command.put("producedBy", "python-worker");

        assertThat(errors("command.schema.json", command)).isEmpty();
    }

    @Test
    void shouldRejectCommandWithoutTaskId() {
        ObjectNode command = tree(Json.toBytes(Samples.createWithRequiredOnly()));
        command.remove("taskId");

        assertThat(errors("command.schema.json", command))
                .anySatisfy(e -> assertThat(e).contains("required").contains("taskId"));
    }

    @Test
    void shouldRejectUnknownCommandKind() {
        ObjectNode command = tree(Json.toBytes(Samples.resolveWithData()));
        command.put("command", "delete");

        assertThat(errors("command.schema.json", command))
                .anySatisfy(e -> assertThat(e).contains("enum").contains("$.command"));
    }

    @Test
    void shouldRejectPublishWithoutEvents() {
        ObjectNode command = tree(Json.toBytes(Samples.publishWithRequiredOnly()));
        command.putArray("events");

        assertThat(errors("command.schema.json", command))
                .anySatisfy(e -> assertThat(e).contains("minItems").contains("$.events"));
    }

    @Test
    void shouldRejectPublishedEventWithoutData() {
        ObjectNode command = tree(Json.toBytes(Samples.publishWithRequiredOnly()));
        ((ObjectNode) command.withArray("events").get(0)).remove("data");

        assertThat(errors("command.schema.json", command))
                .anySatisfy(e -> assertThat(e).contains("required").contains("data"));
    }

    @Test
    void shouldRejectTaskWithUnknownStatus() {
        ObjectNode task = tree(Json.toBytes(Samples.completedTask()));
        task.put("status", "done");

        assertThat(errors("task.schema.json", task))
                .anySatisfy(e -> assertThat(e).contains("enum").contains("$.status"));
    }

    @Test
    void shouldRejectRejectionWithSuccessStatusAndLowerCaseCode() {
        ObjectNode result = tree(Json.toBytes(Samples.commandResults()
                .filter(n -> n.getName().startsWith("rejected")).findFirst().orElseThrow().getPayload()));
        result.put("status", 200);
        result.put("code", "not-found");

        assertThat(errors("command-result.schema.json", result))
                .anySatisfy(e -> assertThat(e).contains("minimum").contains("$.status"))
                .anySatisfy(e -> assertThat(e).contains("pattern").contains("$.code"));
    }

    private static void assertValid(String schemaFile, byte[] json) {
        assertThat(errors(schemaFile, tree(json)))
                .as("%s errors for %s", schemaFile, new String(json, java.nio.charset.StandardCharsets.UTF_8))
                .isEmpty();
    }

    /** Every validation message, each with its keyword type, so a failing assertion shows them all. */
    private static List<String> errors(String schemaFile, com.fasterxml.jackson.databind.JsonNode instance) {
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(BASE_ID + schemaFile));
        Set<ValidationMessage> messages = schema.validate(instance);
        return messages.stream().map(m -> m.getType() + ": " + m.getMessage()).sorted().toList();
    }

    private static ObjectNode tree(byte[] json) {
        try {
            return (ObjectNode) JACKSON2.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("Jackson 2 cannot read what Jackson 3 wrote", e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode readResource(String file) {
        try (InputStream in = JsonSchemasTest.class.getResourceAsStream("/json-schema/" + file)) {
            assertThat(in).as("classpath resource json-schema/%s", file).isNotNull();
            return JACKSON2.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read json-schema/" + file, e);
        }
    }
}
